package dev.leash.examples.cancel;

import dev.leash.CancellableContext;
import dev.leash.Context;
import java.time.Duration;

/**
 * Seed 002 exercise 13, fixed: the timeout context is a {@link CancellableContext} in try-with-resources (Go's
 * {@code defer cancel()}), so it is cancelled as soon as the result is in, and the downstream releases what it held
 * at once, not at the deadline.
 */
public final class Lookup {
  private Lookup() {}

  /** Queries {@code downstream} with a 30 s budget and returns the processed result; nothing is held afterwards. */
  public static String lookup(Context parent, Downstream downstream, String q) {
    String rows;
    try (CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(30))) {
      rows = downstream.query(ctx, q);
    }
    return rows.toUpperCase();
  }
}
