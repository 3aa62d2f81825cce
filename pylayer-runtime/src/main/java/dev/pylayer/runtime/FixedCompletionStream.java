package dev.pylayer.runtime;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link CompletionStream#of}: a stream of chunks known in advance. */
final class FixedCompletionStream implements CompletionStream {
  private final List<ChatChunk> chunks;
  private final AtomicBoolean iterated = new AtomicBoolean();
  private volatile boolean done;

  FixedCompletionStream(List<ChatChunk> chunks) {
    this.chunks = List.copyOf(chunks);
  }

  @Override
  public Iterator<ChatChunk> iterator() {
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("a CompletionStream can be iterated only once");
    }
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        if (done || next >= chunks.size()) {
          done = true;
          return false;
        }
        return true;
      }

      @Override
      public ChatChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the stream has ended");
        }
        return chunks.get(next++);
      }
    };
  }

  @Override
  public void cancel() {
    done = true;
  }

  @Override
  public boolean isDone() {
    return done;
  }
}
