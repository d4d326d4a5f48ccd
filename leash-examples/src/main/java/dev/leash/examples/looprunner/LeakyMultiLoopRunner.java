package dev.leash.examples.looprunner;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Seed 004 task 2.1, leaky: N loops on a fixed thread pool. {@code close()} sets the flag the loops check, so the
 * loops do end, but nobody shuts the pool down: its N workers wait for more work for ever. Pattern
 * {@code idle-executor}.
 */
public final class LeakyMultiLoopRunner implements AutoCloseable {
  private volatile boolean running = true;
  private final ExecutorService pool;

  /** Starts {@code n} threads, each running {@code fn} every {@code interval} until {@link #close()}. */
  public LeakyMultiLoopRunner(int n, Duration interval, Runnable fn) {
    pool = Executors.newFixedThreadPool(n);
    for (int i = 0; i < n; i++) {
      pool.execute(() -> {
        while (running) {
          fn.run();
          try {
            Thread.sleep(interval);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }
  }

  /** Asks the loops to stop; forgets the pool. */
  @Override
  public void close() {
    running = false;
  }

  /** The pool (test clean-up). */
  ExecutorService pool() {
    return pool;
  }
}
