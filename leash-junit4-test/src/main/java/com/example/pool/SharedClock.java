package com.example.pool;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JVM-wide fixture: a static scheduler started by the class's static initializer, meant to live as long as the JVM
 * (like a test mock's shared executor). Whichever test touches it first must not be blamed for its thread.
 */
public final class SharedClock {
  private static final AtomicLong TICKS = new AtomicLong();
  private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "shared-clock");
    t.setDaemon(true);
    return t;
  });

  static {
    TICKER.scheduleAtFixedRate(TICKS::incrementAndGet, 0, 50, TimeUnit.MILLISECONDS);
  }

  private SharedClock() {}

  public static long ticks() {
    return TICKS.get();
  }
}
