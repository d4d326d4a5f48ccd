package dev.leash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Runs an action up to a bounded number of attempts, waiting a {@link Backoff} between them. Immutable and
 * thread-safe: one {@code Retry} can serve many callers.
 *
 * <pre>{@code
 * Retry retry = Retry.builder().maxAttempts(5)
 *     .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(2)))
 *     .attemptTimeout(Duration.ofSeconds(1))
 *     .retryOn(e -> e instanceof IOException)
 *     .build();
 * String body = retry.call(ctx, c -> fetch(c, url));
 * }</pre>
 *
 * <ul>
 *   <li>Each attempt runs on the calling thread with its own child of the caller's context, done after the
 *       {@linkplain Builder#attemptTimeout(Duration) attempt timeout} if one is set, and closed when the attempt ends.
 *   <li>The wait between attempts returns at once when the caller's context is done; the call then throws
 *       {@link CancelledException} with the failures so far attached as suppressed exceptions.
 *   <li>Nothing is lost: when the last attempt fails, or a failure is not retryable, that failure is thrown as is and
 *       the failures of all the earlier attempts are attached to it as suppressed exceptions, oldest first (each
 *       directly: no chain).
 *   <li>A context cancelled with a {@link CancelledException} cause (a typed one of the caller's) makes the call
 *       throw that very exception, with the failures so far attached.
 * </ul>
 */
public final class Retry {
  private final int maxAttempts;
  private final Backoff backoff;
  private final Predicate<Throwable> retryOn;
  private final Duration attemptTimeout;

  private Retry(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.retryOn = b.retryOn;
    this.attemptTimeout = b.attemptTimeout;
  }

  /** A builder; defaults: 3 attempts, exponential backoff 100 ms to 5 s with full jitter, retry on any Exception. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Calls {@code action} until it succeeds, fails with a failure that is not retryable, runs out of attempts, or
   * {@code ctx} is done.
   *
   * @return the first successful result
   * @throws Exception the last attempt's failure (earlier ones suppressed) or a non-retryable failure
   * @throws CancelledException if {@code ctx} is done before an attempt or during a backoff
   */
  public <T> T call(Context ctx, ContextCallable<T> action) throws Exception {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(action, "action");
    List<Throwable> earlier = new ArrayList<>(0); // every failed attempt so far, oldest first
    for (int attempt = 0; ; attempt++) {
      if (ctx.isDone()) {
        throw cancelled(ctx, earlier);
      }
      try (CancellableContext attemptCtx =
          attemptTimeout == null ? ctx.withCancel() : ctx.withTimeout(attemptTimeout)) {
        return action.call(attemptCtx);
      } catch (Exception | Error e) {
        boolean last = attempt + 1 >= maxAttempts;
        boolean retryable = !(e instanceof Error) && retryOn.test(e);
        if (ctx.isDone() && !last && retryable) {
          earlier.add(e);
          throw cancelled(ctx, earlier);
        }
        if (e instanceof Error || ctx.isDone() || last || !retryable) {
          attach(e, earlier);
          throw e;
        }
        earlier.add(e);
      }
      if (!Backoff.sleep(ctx, backoff.delay(attempt))) {
        throw cancelled(ctx, earlier);
      }
    }
  }

  /**
   * Like {@link #call} for an action without a result.
   *
   * @throws Exception the last attempt's failure (earlier ones suppressed) or a non-retryable failure
   * @throws CancelledException if {@code ctx} is done before an attempt or during a backoff
   */
  public void run(Context ctx, ContextRunnable action) throws Exception {
    Objects.requireNonNull(action, "action");
    call(ctx, c -> {
      action.run(c);
      return null;
    });
  }

  /** The exception for a done {@code ctx} (its typed cause itself, if it is one), with every failure so far. */
  private static CancelledException cancelled(Context ctx, List<Throwable> earlier) {
    CancelledException e = CancelledException.of(ctx.cause());
    attach(e, earlier);
    return e;
  }

  /** Attaches each earlier failure to {@code last} as suppressed (flat: none is attached to another). */
  private static void attach(Throwable last, List<Throwable> earlier) {
    for (Throwable t : earlier) {
      if (t != last) {
        last.addSuppressed(t);
      }
    }
  }

  @Override
  public String toString() {
    return "Retry[maxAttempts=" + maxAttempts + ", " + backoff
        + (attemptTimeout == null ? "" : ", attemptTimeout=" + attemptTimeout) + "]";
  }

  /** Settings of a {@link Retry}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));
    private Predicate<Throwable> retryOn = e -> e instanceof Exception;
    private Duration attemptTimeout;

    private Builder() {}

    /**
     * At most {@code maxAttempts} attempts in all (1 = no retry).
     *
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The wait between attempts; the delay before retry {@code n} is {@code backoff.delay(n)}. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Which failures are retried; others are thrown at once. Errors are never retried. */
    public Builder retryOn(Predicate<Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
      return this;
    }

    /**
     * Each attempt's context is done after {@code timeout}.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder attemptTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("attemptTimeout must be positive, was " + timeout);
      }
      this.attemptTimeout = timeout;
      return this;
    }

    /** The retry policy. */
    public Retry build() {
      return new Retry(this);
    }
  }
}
