package dev.leash.examples.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Seed 004 task 6.1, leaky: load shedding with a {@link ThreadPoolExecutor} that rejects when no worker is free.
 * Bursts are not absorbed (no waiting at all), and the executor is never shut down: its threads wait for work for
 * ever. Pattern {@code idle-executor}.
 */
public final class LeakyShedder {
  /** Every executor this class created; only the tests and the runner use it, to clean up after the leak. */
  static final List<ExecutorService> CREATED = new CopyOnWriteArrayList<>();

  private final ThreadPoolExecutor executor;

  /** A shedder with {@code workers} threads. */
  public LeakyShedder(int workers) {
    executor = new ThreadPoolExecutor(workers, workers, 0L, TimeUnit.MILLISECONDS, new SynchronousQueue<>());
    CREATED.add(executor);
  }

  /** Runs {@code job} if a worker is free now; returns false (pool full) otherwise. */
  public boolean trySubmit(Runnable job) {
    try {
      executor.execute(job);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Shuts down every executor this class created and waits (test clean-up). */
  static void stopAll() throws InterruptedException {
    for (ExecutorService e : CREATED) {
      e.shutdownNow();
      if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("shedder executor did not stop");
      }
    }
    CREATED.clear();
  }
}
