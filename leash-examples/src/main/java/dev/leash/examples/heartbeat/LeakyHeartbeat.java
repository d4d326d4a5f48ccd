package dev.leash.examples.heartbeat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seed 004 task 1.5, leaky: Go's ticker that is never stopped, the Java way: a scheduled executor created for the
 * heartbeat and never shut down. Its thread waits for the next tick for the life of the JVM: pattern
 * {@code unstopped-scheduler}.
 */
public final class LeakyHeartbeat {
  /** Every executor this class created; only the tests and the runner use it, to clean up after the leak. */
  static final List<ScheduledExecutorService> CREATED = new CopyOnWriteArrayList<>();

  private LeakyHeartbeat() {}

  /** Calls {@code ping} every {@code period}, for ever. */
  public static void startHeartbeat(Duration period, Runnable ping) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    CREATED.add(timer);
    timer.scheduleAtFixedRate(ping, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Shuts down every executor this class created and waits for them (test clean-up). */
  static void stopAll() throws InterruptedException {
    for (ScheduledExecutorService s : CREATED) {
      s.shutdownNow();
      if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("heartbeat executor did not stop");
      }
    }
    CREATED.clear();
  }
}
