package dev.pylayer.runtime;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The {@link CompletionStream} of a {@link LiteLlmClient}: chunks arrive on the worker's reader thread
 * and wait in a queue until the caller takes them. The queue is bounded by credits: the worker may
 * send {@code window} chunks ahead, and the caller grants more as it takes them (in batches of half a
 * window, so a credit line goes out per half window, not per chunk). A caller that stops reading
 * therefore stops the worker, which stops reading from the provider: memory stays bounded.
 */
final class WorkerCompletionStream implements CompletionStream {
  private static final Object END = new Object();
  private static final Object CANCELLED = new Object();

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedChunks = new AtomicInteger();
  private final Duration idleTimeout;
  private final String description;
  private final int window;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean iterated = new AtomicBoolean();
  private final Runnable onFinish;
  private final Runnable canceller;
  private final IntConsumer creditor;
  private final Runnable onTimeout;
  final PendingCall listener = new Listener();

  /**
   * @param onFinish runs once when the stream ends in any way (releases the in-flight slot)
   * @param canceller removes the call and tells the worker to cancel its task
   * @param creditor grants the worker that many more chunks
   * @param onTimeout tells the watchdog the caller waited too long for a chunk
   */
  WorkerCompletionStream(Duration idleTimeout, String description, int window, Runnable onFinish, Runnable canceller,
      IntConsumer creditor, Runnable onTimeout) {
    this.idleTimeout = idleTimeout;
    this.description = description;
    this.window = window;
    this.onFinish = onFinish;
    this.canceller = canceller;
    this.creditor = creditor;
    this.onTimeout = onTimeout;
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

  /** Chunks received and not yet taken (at most the window). */
  int queuedChunks() {
    return queuedChunks.get();
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
          if (finished.get()) {
            return;
          }
          if (queuedChunks.incrementAndGet() > window) {
            // The worker ignored its credits: refuse rather than buffer without bound.
            canceller.run();
            fail(new LiteLlmProtocolException("ProtocolError", description + ": the worker sent more than " + window
                + " chunks ahead of the caller", null, null, false, null));
            return;
          }
          events.add(ChatChunk.fromJson(message.dataObject(), message.dataJson()));
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
    private int takenSinceCredit;

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
        onTimeout.run();
        throw new LiteLlmTimeoutException("CallTimeout",
            description + ": no chunk for " + idleTimeout.toMillis() + " ms; the call was cancelled in the worker", null, null, true, null);
      }
      if (event instanceof ChatChunk) {
        next = (ChatChunk) event;
        queuedChunks.decrementAndGet();
        if (++takenSinceCredit >= Math.max(1, window / 2) && !finished.get()) {
          creditor.accept(takenSinceCredit);
          takenSinceCredit = 0;
        }
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
