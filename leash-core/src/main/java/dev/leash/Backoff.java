package dev.leash;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before retry or restart number {@code n}: exponential growth from an initial delay, capped, with
 * optional full jitter. Immutable and thread-safe.
 *
 * <p>The un-jittered delay of attempt {@code n} (0-based) is {@code min(cap, initial * multiplier^n)}. With full
 * jitter (the default) the delay is uniform in {@code [0, that]}, so it never exceeds the cap; full jitter spreads
 * the retries of many clients that failed together.
 *
 * <p>{@link #sleep(Context, Duration)} is the context-aware wait every Leash retry and restart uses: it returns at
 * once when the context is done, instead of waiting the delay out.
 */
public final class Backoff {
  private static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 1.0, false);

  private final Duration initial;
  private final Duration cap;
  private final double multiplier;
  private final boolean jitter;

  private Backoff(Duration initial, Duration cap, double multiplier, boolean jitter) {
    this.initial = initial;
    this.cap = cap;
    this.multiplier = multiplier;
    this.jitter = jitter;
  }

  /**
   * Exponential backoff doubling from {@code initial} up to {@code cap}, with full jitter.
   *
   * @throws IllegalArgumentException if {@code initial} is negative or {@code cap} is less than {@code initial}
   */
  public static Backoff exponential(Duration initial, Duration cap) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(cap, "cap");
    if (initial.isNegative()) {
      throw new IllegalArgumentException("initial must not be negative, was " + initial);
    }
    if (cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException("cap must be at least initial (" + initial + "), was " + cap);
    }
    return new Backoff(initial, cap, 2.0, true);
  }

  /**
   * The same delay every time, without jitter.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static Backoff fixed(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    return new Backoff(delay, delay, 1.0, false);
  }

  /** No wait at all. */
  public static Backoff none() {
    return NONE;
  }

  /**
   * This backoff with another growth factor.
   *
   * @throws IllegalArgumentException if {@code multiplier < 1} or not finite
   */
  public Backoff withMultiplier(double multiplier) {
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite and at least 1, was " + multiplier);
    }
    return new Backoff(initial, cap, multiplier, jitter);
  }

  /** This backoff without jitter: every delay is exactly {@link #ceiling(int)}. */
  public Backoff withoutJitter() {
    return new Backoff(initial, cap, multiplier, false);
  }

  /** This backoff with full jitter: a delay is uniform in {@code [0, ceiling(n)]}. */
  public Backoff withFullJitter() {
    return new Backoff(initial, cap, multiplier, true);
  }

  /** The cap: no delay is longer. */
  public Duration cap() {
    return cap;
  }

  /**
   * The un-jittered delay of attempt {@code attempt}: {@code min(cap, initial * multiplier^attempt)}.
   *
   * @throws IllegalArgumentException if {@code attempt < 0}
   */
  public Duration ceiling(int attempt) {
    return Duration.ofNanos(ceilingNanos(attempt));
  }

  /**
   * The delay before attempt {@code attempt} (0 = the first retry): {@link #ceiling(int)}, or with jitter a uniform
   * random value between zero and it. Never more than {@link #cap()}.
   *
   * @throws IllegalArgumentException if {@code attempt < 0}
   */
  public Duration delay(int attempt) {
    long ceiling = ceilingNanos(attempt);
    if (!jitter || ceiling == 0) {
      return Duration.ofNanos(ceiling);
    }
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  private long ceilingNanos(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative, was " + attempt);
    }
    long capNanos = MonoClock.saturatedNanos(cap);
    double d = MonoClock.saturatedNanos(initial) * Math.pow(multiplier, attempt);
    return d >= capNanos ? capNanos : (long) d;
  }

  /**
   * Waits {@code delay}, or less if {@code ctx} is done first: returns at once when it is (or already was).
   *
   * @return {@code true} if the whole delay elapsed, {@code false} if the context was done first
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public static boolean sleep(Context ctx, Duration delay) throws InterruptedException {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(delay, "delay");
    if (ctx.isDone()) {
      return false;
    }
    if (delay.isZero() || delay.isNegative()) {
      return true;
    }
    return !ctx.await(delay);
  }

  @Override
  public String toString() {
    return "Backoff[initial=" + initial + ", cap=" + cap + ", multiplier=" + multiplier
        + (jitter ? ", full jitter" : "") + "]";
  }
}
