package dev.leash.examples.latency;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Seed 004 task 8.1, leaky: a CPU-bound loop submitted to an executor and "cancelled" with
 * {@code future.cancel(true)}. The loop never looks at its interrupt, so it runs on at full speed after the
 * cancel: pattern {@code busy-spin}.
 */
public final class LeakyCruncher {
  /** A hook for the tests and the runner to end the loop after showing the leak; callers have no such thing. */
  static volatile boolean abortForCleanup;

  private LeakyCruncher() {}

  /** Submits a loop counting to {@code n} on {@code executor}; {@code started} runs when the loop begins. */
  public static Future<Long> start(ExecutorService executor, long n, Runnable started) {
    return executor.submit(() -> {
      started.run();
      return crunch(n);
    });
  }

  static long crunch(long n) {
    long acc = 0;
    for (long i = 0; i < n; i++) {
      acc += i ^ (acc >>> 7);
      if ((i & 0xFFFFF) == 0 && abortForCleanup) {
        break;
      }
    }
    return acc;
  }
}
