package dev.leash.examples.ticker;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.Loop;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Seed 002 exercise 12, fixed with Leash: the ticker is a {@link Loop#fixedRate} on a context this call owns
 * (Go's {@code t := time.NewTicker(d); defer t.Stop()}). {@code shouldStop} cancels that context; leaving the
 * try-with-resources block, normally or by an exception, closes the loop and waits for its thread.
 */
public final class Ticker {
  private Ticker() {}

  /**
   * Calls {@code publish} at once and then every {@code period} until {@code shouldStop} is true after a publish or
   * {@code ctx} is done; returns once the ticking thread has ended.
   *
   * @throws InterruptedException if interrupted while waiting (the loop is closed before this is thrown)
   * @throws dev.leash.TaskFailedException if {@code publish} or {@code shouldStop} threw
   */
  public static void publishUntil(Context ctx, Duration period, Runnable publish, BooleanSupplier shouldStop)
      throws InterruptedException {
    try (CancellableContext mine = ctx.withCancel();
        Loop ticker = Loop.builder().name("ticker").fixedRate(mine, period, c -> {
          publish.run();
          if (shouldStop.getAsBoolean()) {
            mine.cancel();
          }
        })) {
      ticker.await();
    }
  }
}
