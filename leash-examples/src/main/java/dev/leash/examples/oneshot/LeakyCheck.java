package dev.leash.examples.oneshot;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.function.BooleanSupplier;

/**
 * Seed 002 exercise 10, leaky: a one-shot worker hands its result over an unbuffered hand-off
 * ({@link SynchronousQueue}). When the caller returns early ({@code shouldSkip}), nobody takes the result and the
 * worker waits in {@code put} for ever: pattern {@code abandoned-producer}, one per skipped call.
 */
public final class LeakyCheck {
  /** Every worker this class started; only the tests and the runner use it, to clean up after the leak. */
  static final List<Thread> STARTED = new CopyOnWriteArrayList<>();

  private LeakyCheck() {}

  /**
   * Starts {@code work}, then returns null if {@code shouldSkip}, else its result.
   *
   * @throws InterruptedException if interrupted while waiting for the result
   */
  public static String check(Callable<String> work, BooleanSupplier shouldSkip) throws InterruptedException {
    SynchronousQueue<String> result = new SynchronousQueue<>();
    Thread worker = new Thread(() -> {
      String r;
      try {
        r = work.call();
      } catch (Exception e) {
        r = "error: " + e;
      }
      try {
        result.put(r);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "one-shot");
    STARTED.add(worker);
    worker.start();
    if (shouldSkip.getAsBoolean()) {
      return null;
    }
    return result.take();
  }

  /** How many workers this class started are still alive. */
  static long alive() {
    return STARTED.stream().filter(Thread::isAlive).count();
  }

  /** Interrupts every worker this class started and waits for them (test and runner clean-up). */
  static void stopAll() throws InterruptedException {
    for (Thread t : STARTED) {
      t.interrupt();
      t.join();
    }
    STARTED.clear();
  }
}
