package dev.pylayer.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Replaces a worker that stopped serving. A call that times out may be the provider's slowness or a
 * worker whose asyncio loop is blocked (a hung call, a deadlocked C extension); only the latter stops
 * the worker answering a ping. So each timeout sends one ping: no answer within {@code pingBound}
 * and the worker is killed. A worker that answers pings but lets {@code maxTimeoutsInARow} calls in a
 * row time out, none completing in between, is killed too (its thread pool may be stuck). Killing
 * fails the worker's calls at once; {@code afterKill} starts its successor.
 */
final class Watchdog {
  private final Duration pingBound;
  private final int maxTimeoutsInARow;
  private final Supplier<ScheduledExecutorService> timer;
  private final LongSupplier ids;
  private final Consumer<WorkerProcess> afterKill;

  Watchdog(Duration pingBound, int maxTimeoutsInARow, Supplier<ScheduledExecutorService> timer, LongSupplier ids, Consumer<WorkerProcess> afterKill) {
    this.pingBound = pingBound;
    this.maxTimeoutsInARow = maxTimeoutsInARow;
    this.timer = timer;
    this.ids = ids;
    this.afterKill = afterKill;
  }

  /** A call on {@code worker} timed out: count it, and check the worker answers. Never blocks. */
  void callTimedOut(WorkerProcess worker) {
    if (!worker.isAlive()) {
      return;
    }
    int inARow = worker.recordTimeout();
    if (maxTimeoutsInARow > 0 && inARow >= maxTimeoutsInARow) {
      kill(worker, "let " + inARow + " calls in a row time out with none completing in between");
      return;
    }
    probe(worker);
  }

  /**
   * Waits for the verdict of a ping still out to {@code worker} (at most the ping bound), so a call
   * made right after a timeout does not go to a worker about to be killed.
   *
   * @return whether the worker may take calls
   */
  boolean awaitVerdict(WorkerProcess worker) {
    CompletableFuture<Boolean> probe = worker.probe();
    if (probe != null && !probe.isDone()) {
      try {
        probe.get(pingBound.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Decided below by the worker's state.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return worker.isAlive();
  }

  /** Pings {@code worker} unless a ping is already out; the future says whether it answered in time. */
  CompletableFuture<Boolean> probe(WorkerProcess worker) {
    CompletableFuture<Boolean> verdict = new CompletableFuture<>();
    CompletableFuture<Boolean> outstanding = worker.startProbe(verdict);
    if (outstanding != verdict) {
      return outstanding;
    }
    long id = ids.getAsLong();
    UnaryCall<Boolean> ping = new UnaryCall<>(message -> Boolean.TRUE, "watchdog ping", true);
    ping.future.whenComplete((answered, error) -> verdict.complete(answered != null || worker.isAlive()));
    timer.get().schedule(() -> {
      if (!verdict.isDone()) {
        worker.cancel(id);
        if (worker.isAlive()) {
          kill(worker, "answered no ping within " + pingBound.toMillis() + " ms after a call timed out (its event loop is blocked:"
              + " a hung call or a deadlocked C extension)");
        }
        verdict.complete(false);
      }
    }, pingBound.toNanos(), TimeUnit.NANOSECONDS);
    worker.send(id, "ping", null, ping);
    return verdict;
  }

  private void kill(WorkerProcess worker, String why) {
    worker.kill("the Python worker (pid " + worker.pid() + ") " + why + "; it was killed and a new worker is started");
    afterKill.accept(worker);
  }
}
