package dev.pylayer.runtime;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link CompletionStream} of a {@link LiteLlmClient}: chunks arrive on the worker's reader thread
 * and are queued until the caller takes them.
 */
final class WorkerCompletionStream implements CompletionStream {
  private static final Object END = new Object();
  private static final Object CANCELLED = new Object();

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final Duration idleTimeout;
  private final String description;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean iterated = new AtomicBoolean();
  private final Runnable onFinish;
  private volatile Runnable canceller = () -> {};
  final PendingCall listener = new Listener();

  WorkerCompletionStream(Duration idleTimeout, String description, Runnable onFinish) {
    this.idleTimeout = idleTimeout;
    this.description = description;
    this.onFinish = onFinish;
  }

  /** Set once the request is sent: removes the call and tells the worker to cancel its task. */
  void canceller(Runnable canceller) {
    this.canceller = canceller;
  }

  @Override
  public Iterator<ChatChunk> iterator() {
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("a CompletionStream can be iterated only once");
    }
    return new ChunkIterator();
  }

  @Override
  public void cancel() {
    if (finish()) {
      canceller.run();
      events.add(CANCELLED);
    }
  }

  @Override
  public boolean isDone() {
    return finished.get();
  }

  private boolean finish() {
    if (finished.compareAndSet(false, true)) {
      onFinish.run();
      return true;
    }
    return false;
  }

  private final class Listener implements PendingCall {
    @Override
    public void onMessage(WorkerMessage message) {
      switch (message.type) {
        case "chunk":
          if (!finished.get()) {
            events.add(ChatChunk.fromJson(message.dataObject(), message.dataJson()));
          }
          return;
        case "end":
          if (finish()) {
            events.add(END);
          }
          return;
        case "error":
          fail(LiteLlmErrors.fromWorker(message.error(), description));
          return;
        case "cancelled":
          if (finish()) {
            events.add(CANCELLED);
          }
          return;
        default:
          fail(new LiteLlmProtocolException("ProtocolError", description + ": unexpected message type '" + message.type + "'", null, null, false, null));
      }
    }

    @Override
    public void fail(LiteLlmException error) {
      if (finish()) {
        events.add(error);
      }
    }
  }

  private final class ChunkIterator implements Iterator<ChatChunk> {
    private ChatChunk next;
    private boolean done;

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      Object event;
      try {
        event = events.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        done = true;
        throw new LiteLlmException("Interrupted", description + ": interrupted while waiting for the next chunk", null, null, false, e);
      }
      if (event == null) {
        cancel();
        done = true;
        throw new LiteLlmTimeoutException("CallTimeout",
            description + ": no chunk for " + idleTimeout.toMillis() + " ms; the call was cancelled in the worker", null, null, true, null);
      }
      if (event instanceof ChatChunk) {
        next = (ChatChunk) event;
        return true;
      }
      done = true;
      if (event instanceof LiteLlmException) {
        throw (LiteLlmException) event;
      }
      return false; // END or CANCELLED
    }

    @Override
    public ChatChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the stream has ended");
      }
      ChatChunk chunk = next;
      next = null;
      return chunk;
    }
  }
}
