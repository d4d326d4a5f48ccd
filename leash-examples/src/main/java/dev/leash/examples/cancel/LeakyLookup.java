package dev.leash.examples.cancel;

import dev.leash.Context;
import java.time.Duration;

/**
 * Seed 002 exercise 13, leaky: Go's {@code ctx, _ := context.WithTimeout(parent, 30*time.Second)}. The call derives
 * a context with a timeout and never cancels it, so what the downstream holds for it stays held until the deadline,
 * 30 s after the result came back, and the context stays registered with its parent and the timer meanwhile. No
 * thread leaks (Leash's timeouts share one timer thread): the waste is held downstream resources, counted by
 * {@link Downstream#held()}.
 */
public final class LeakyLookup {
  private LeakyLookup() {}

  /** Queries {@code downstream} with a 30 s budget and returns the processed result. */
  public static String lookup(Context parent, Downstream downstream, String q) {
    Context ctx = parent.withTimeout(Duration.ofSeconds(30));
    String rows = downstream.query(ctx, q);
    return rows.toUpperCase();
  }
}
