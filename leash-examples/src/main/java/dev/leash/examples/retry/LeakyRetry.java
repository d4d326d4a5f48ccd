package dev.leash.examples.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 002 exercise 14, leaky: the seed's retry with its bug, in Java. After each failed attempt it sleeps the
 * backoff and starts another {@code retry} on a new thread, so under sustained failure every retry spawns more
 * retries: the thread count compounds, and the caller returns while they go on, owned by nobody. The leak check
 * reports them sleeping through their backoff: pattern {@code unstopped-scheduler}.
 */
public final class LeakyRetry {
  /** Every thread this class started; only the tests and the runner use it, to clean up after the leak. */
  static final List<Thread> STARTED = new CopyOnWriteArrayList<>();
  /** The clean-up hook: once set, no retry starts or spawns again. Callers have no such thing. */
  static volatile boolean stopForCleanup;

  private LeakyRetry() {}

  /**
   * Calls {@code fn} up to {@code attempts} times, sleeping {@code backoff} after each failure.
   *
   * @return whether an attempt succeeded
   */
  public static boolean retry(Callable<?> fn, int attempts, Duration backoff) {
    for (int i = 0; i < attempts && !stopForCleanup; i++) {
      try {
        fn.call();
        return true;
      } catch (Exception e) {
        // failed: back off and try again
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (stopForCleanup) {
        break;
      }
      Thread t = new Thread(() -> retry(fn, attempts, backoff)); // the bug: another retry, concurrently
      STARTED.add(t);
      t.start();
    }
    return false;
  }

  /**
   * Stops every retry this class started and waits for them (test and runner clean-up).
   *
   * @throws InterruptedException if interrupted
   */
  static void stopAll() throws InterruptedException {
    stopForCleanup = true;
    for (Thread t : STARTED) {
      t.join();
    }
    STARTED.clear();
    stopForCleanup = false;
  }
}
