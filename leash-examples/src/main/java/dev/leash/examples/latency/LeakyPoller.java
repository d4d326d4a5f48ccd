package dev.leash.examples.latency;

import java.time.Duration;

/**
 * Seed 004 task 8, leaky: a poller that sleeps between polls, swallows the interrupt, and whose {@code close()}
 * only sets a flag. Stopping takes up to a whole interval, and the thread outlives {@code close()}: pattern
 * {@code unstopped-scheduler}.
 */
public final class LeakyPoller implements AutoCloseable {
  private volatile boolean running = true;
  private final Thread thread;

  /** Starts a thread calling {@code poll} every {@code interval}. */
  public LeakyPoller(Duration interval, Runnable poll) {
    thread = new Thread(() -> {
      while (running) {
        poll.run();
        try {
          Thread.sleep(interval);
        } catch (InterruptedException ignored) {
          // swallowed: "we check running anyway"
        }
      }
    });
    thread.start();
  }

  /** Asks the poller to stop; returns at once. */
  @Override
  public void close() {
    running = false;
  }

  /** The poller's thread (test clean-up and the runner's measurement). */
  Thread thread() {
    return thread;
  }
}
