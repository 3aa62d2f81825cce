package dev.pylayer.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The workers of a {@link LiteLlmClient} built with {@code workers(n)}, n &gt; 1: n single-worker
 * clients, each with its own Python process, in-flight limit and restarts. A call goes to the member
 * with the fewest calls in flight (open streams count until closed or finished); ties go round-robin.
 * One Python worker runs LiteLLM's per-call work under one GIL, so n workers serve up to n times the
 * calls per second on n free cores.
 */
final class WorkerPool {
  private final List<LiteLlmClient> members;
  private final AtomicInteger[] inFlight;
  private final AtomicLong[] dispatched;
  private int next;

  WorkerPool(List<LiteLlmClient> members) {
    this.members = List.copyOf(members);
    this.inFlight = new AtomicInteger[members.size()];
    this.dispatched = new AtomicLong[members.size()];
    for (int i = 0; i < members.size(); i++) {
      inFlight[i] = new AtomicInteger();
      dispatched[i] = new AtomicLong();
    }
  }

  List<LiteLlmClient> members() {
    return members;
  }

  /** Calls sent to each member so far; for tests and the bench. */
  long[] dispatched() {
    long[] counts = new long[dispatched.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = dispatched[i].get();
    }
    return counts;
  }

  /** The member with the fewest calls in flight, its count already taken. */
  private synchronized int acquire() {
    int best = -1;
    int n = members.size();
    for (int k = 0; k < n; k++) {
      int i = (next + k) % n;
      if (best < 0 || inFlight[i].get() < inFlight[best].get()) {
        best = i;
      }
    }
    next = (best + 1) % n;
    inFlight[best].incrementAndGet();
    dispatched[best].incrementAndGet();
    return best;
  }

  <T> T call(Function<LiteLlmClient, T> call) {
    int i = acquire();
    try {
      return call.apply(members.get(i));
    } finally {
      inFlight[i].decrementAndGet();
    }
  }

  <T> CompletableFuture<T> callAsync(Function<LiteLlmClient, CompletableFuture<T>> call) {
    int i = acquire();
    CompletableFuture<T> future;
    try {
      future = call.apply(members.get(i));
    } catch (RuntimeException e) {
      inFlight[i].decrementAndGet();
      throw e;
    }
    future.whenComplete((value, error) -> inFlight[i].decrementAndGet());
    return future;
  }

  CompletionStream stream(Function<LiteLlmClient, CompletionStream> open) {
    int i = acquire();
    CompletionStream stream;
    try {
      stream = open.apply(members.get(i));
    } catch (RuntimeException e) {
      inFlight[i].decrementAndGet();
      throw e;
    }
    return new CountedStream(stream, inFlight[i]);
  }

  /** Starts every member's worker at once (each imports LiteLLM, ~2 s, in parallel). */
  WorkerInfo startAll() {
    List<CompletableFuture<WorkerInfo>> starts = new ArrayList<>();
    for (LiteLlmClient member : members) {
      starts.add(member.startInBackground());
    }
    WorkerInfo first = null;
    RuntimeException failure = null;
    for (CompletableFuture<WorkerInfo> start : starts) {
      try {
        WorkerInfo info = start.join();
        first = first == null ? info : first;
      } catch (java.util.concurrent.CompletionException e) {
        failure = failure == null && e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return first;
  }

  long workersStarted() {
    long total = 0;
    for (LiteLlmClient member : members) {
      total += member.workersStarted();
    }
    return total;
  }

  void closeAll() {
    for (LiteLlmClient member : members) {
      member.close();
    }
  }

  /** A member's stream that gives its in-flight count back once: when closed or read to its end. */
  private static final class CountedStream implements CompletionStream {
    private final CompletionStream inner;
    private final AtomicInteger count;
    private final AtomicBoolean released = new AtomicBoolean();

    CountedStream(CompletionStream inner, AtomicInteger count) {
      this.inner = inner;
      this.count = count;
    }

    private void release() {
      if (released.compareAndSet(false, true)) {
        count.decrementAndGet();
      }
    }

    @Override
    public Iterator<ChatChunk> iterator() {
      Iterator<ChatChunk> chunks = inner.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more;
          try {
            more = chunks.hasNext();
          } catch (RuntimeException e) {
            release();
            throw e;
          }
          if (!more) {
            release();
          }
          return more;
        }

        @Override
        public ChatChunk next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return chunks.next();
        }
      };
    }

    @Override
    public void cancel() {
      try {
        inner.cancel();
      } finally {
        release();
      }
    }

    @Override
    public boolean isDone() {
      return inner.isDone();
    }

    @Override
    public void close() {
      try {
        inner.close();
      } finally {
        release();
      }
    }
  }
}
