package dev.leash;

import java.time.Duration;
import java.time.Instant;

/**
 * Monotonic time as non-negative nanoseconds since class initialisation, so deadlines compare with {@code <} and
 * {@link Long#MAX_VALUE} means "never". Instants map to and from it through one fixed anchor, which keeps
 * {@link Context#deadline()} stable across calls.
 */
final class MonoClock {
  static final long NEVER = Long.MAX_VALUE;
  private static final long ORIGIN = System.nanoTime() - 1;
  private static final Instant WALL_ANCHOR = Instant.now();
  private static final long NANO_ANCHOR = now();

  private MonoClock() {}

  static long now() {
    return System.nanoTime() - ORIGIN;
  }

  /** {@code now() + timeout}, saturating at {@link #NEVER}. */
  static long after(Duration timeout) {
    long now = now();
    long nanos = saturatedNanos(timeout);
    long sum = now + nanos;
    return (nanos > 0 && sum < now) ? NEVER : sum;
  }

  static long toMono(Instant deadline) {
    long nanos = saturatedNanos(Duration.between(WALL_ANCHOR, deadline));
    long sum = NANO_ANCHOR + nanos;
    if (nanos > 0 && sum < NANO_ANCHOR) {
      return NEVER;
    }
    return sum;
  }

  static Instant toInstant(long mono) {
    return WALL_ANCHOR.plusNanos(mono - NANO_ANCHOR);
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
