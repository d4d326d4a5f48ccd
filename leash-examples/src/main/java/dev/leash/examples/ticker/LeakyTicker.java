package dev.leash.examples.ticker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Seed 002 exercise 12, leaky: Go's {@code for t := range time.Tick(d)}, the Java way. Each call makes a scheduled
 * executor that puts a tick in a queue every period, takes ticks until {@code shouldStop} says so, and returns
 * without shutting the executor down. Every call leaves one more thread ticking for ever into a queue nobody reads
 * (memory grows with it): pattern {@code unstopped-scheduler}, one per call.
 */
public final class LeakyTicker {
  /** Every executor this class made; only the tests and the runner use it, to clean up after the leak. */
  static final List<ScheduledExecutorService> CREATED = new CopyOnWriteArrayList<>();

  private LeakyTicker() {}

  /**
   * Calls {@code publish} on every tick until {@code shouldStop} is true after a publish.
   *
   * @throws InterruptedException if interrupted while waiting for a tick
   */
  public static void publishUntil(Duration period, Runnable publish, BooleanSupplier shouldStop)
      throws InterruptedException {
    BlockingQueue<Long> ticks = new LinkedBlockingQueue<>();
    ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor();
    CREATED.add(tick);
    tick.scheduleAtFixedRate(() -> ticks.add(System.nanoTime()), 0, period.toNanos(), TimeUnit.NANOSECONDS);
    for (;;) {
      ticks.take();
      publish.run();
      if (shouldStop.getAsBoolean()) {
        return;
      }
    }
  }

  /** Shuts down every executor this class made and waits for them (test and runner clean-up). */
  static void stopAll() throws InterruptedException {
    for (ScheduledExecutorService s : CREATED) {
      s.shutdownNow();
      if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("ticker executor did not stop");
      }
    }
    CREATED.clear();
  }
}
