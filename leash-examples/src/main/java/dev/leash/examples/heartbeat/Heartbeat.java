package dev.leash.examples.heartbeat;

import dev.leash.Context;
import dev.leash.ContextRunnable;
import dev.leash.Loop;
import java.time.Duration;

/**
 * Seed 004 task 1.5, fixed with Leash: the heartbeat is an owned {@link Loop}. Between ticks it parks on its
 * context; {@link #close()} cancels it and returns once its thread has ended.
 */
public final class Heartbeat implements AutoCloseable {
  private final Loop loop;

  private Heartbeat(Loop loop) {
    this.loop = loop;
  }

  /** Calls {@code ping} at once and then every {@code period} until {@code ctx} is done or the heartbeat closed. */
  public static Heartbeat start(Context ctx, Duration period, ContextRunnable ping) {
    return new Heartbeat(Loop.builder().name("heartbeat").fixedRate(ctx, period, ping));
  }

  /** Stops the heartbeat and waits for its thread; idempotent, safe from many threads. */
  @Override
  public void close() {
    loop.close();
  }
}
