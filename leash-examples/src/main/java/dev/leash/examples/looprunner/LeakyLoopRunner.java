package dev.leash.examples.looprunner;

import java.time.Duration;

/**
 * Seed 004 task 2, leaky: the loop runner most Java code has. {@code close()} sets a flag and returns at once; the
 * thread is still asleep and notices the flag only after its interval, and may even run {@code fn} once more after
 * {@code close()} returned. {@code fn} gets no stop signal. Pattern {@code unstopped-scheduler} (a
 * {@code while (running) { work(); sleep(); }} thread outliving its owner).
 */
public final class LeakyLoopRunner implements AutoCloseable {
  private volatile boolean running = true;
  private final Thread thread;

  /** Starts a thread that runs {@code fn} every {@code interval} until {@link #close()}. */
  public LeakyLoopRunner(Duration interval, Runnable fn) {
    thread = new Thread(() -> {
      while (running) {
        fn.run();
        try {
          Thread.sleep(interval);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    thread.start();
  }

  /** Asks the loop to stop, and does not wait for it. */
  @Override
  public void close() {
    running = false;
  }

  /** The loop's thread (test clean-up and the runner's report). */
  Thread thread() {
    return thread;
  }
}
