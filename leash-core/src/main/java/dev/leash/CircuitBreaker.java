package dev.leash;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Stops calling a dependency that keeps failing, and tries it again later. Lock-free and thread-safe.
 *
 * <ul>
 *   <li><b>Closed:</b> calls go through. {@code failureThreshold} failures in a row open the breaker.
 *   <li><b>Open:</b> calls are refused at once with {@link CircuitOpenException}, without running, for
 *       {@code openDuration}.
 *   <li><b>Half-open:</b> after that, exactly one caller runs a trial call; the others are refused while it runs. The
 *       trial's success closes the breaker, its failure opens it again for another {@code openDuration}.
 * </ul>
 *
 * <p>The state lives in one immutable record swapped by compare-and-set; each state carries a sequence number, so a
 * call that started before the breaker opened and ends after it closed again is not counted against the new closed
 * period. Failures for which {@link Builder#recordOn(Predicate)} is false (by default: cancellations of the
 * caller's context) do not count, and the call's exception is always rethrown unchanged, whatever its type. Every
 * call settles its permit, however it ends: a trial that throws anything (a {@code Throwable} that is neither an
 * {@code Exception} nor an {@code Error} included) re-opens the breaker, and a {@code recordOn} that throws counts
 * the call as a failure, its exception attached to the call's as suppressed.
 */
public final class CircuitBreaker {
  /** The breaker's states. */
  public enum State {
    /** Calls go through; consecutive failures are counted. */
    CLOSED,
    /** Calls are refused until the open duration has passed. */
    OPEN,
    /** One trial call is running; others are refused. */
    HALF_OPEN
  }

  /** An immutable state; {@code seq} grows by one at every transition. */
  record Snapshot(State state, long seq, int failures, long openedAt) {}

  /** Observes transitions, for tests: called after each successful state change. */
  interface Observer {
    void transition(Snapshot from, Snapshot to);
  }

  private final String name;
  private final int failureThreshold;
  private final long openNanos;
  private final Predicate<Throwable> recordOn;
  private final LongSupplier clock;
  private final Observer observer;
  private final AtomicReference<Snapshot> state = new AtomicReference<>(new Snapshot(State.CLOSED, 0, 0, 0));

  private CircuitBreaker(Builder b) {
    this.name = b.name;
    this.failureThreshold = b.failureThreshold;
    this.openNanos = MonoClock.saturatedNanos(b.openDuration);
    this.recordOn = b.recordOn;
    this.clock = b.clock;
    this.observer = b.observer;
  }

  /** A builder; defaults: name {@code breaker}, 5 failures in a row open it, for 10 seconds. */
  public static Builder builder() {
    return new Builder();
  }

  /** The current state. An open breaker whose open duration has passed still reports OPEN until the next call. */
  public State state() {
    return state.get().state();
  }

  /**
   * Runs {@code action} on the calling thread with {@code ctx} if the breaker lets it through, and records its
   * outcome.
   *
   * @return the action's result
   * @throws CircuitOpenException if the breaker is open, or half-open with a trial call running
   * @throws Exception whatever the action throws, unchanged
   */
  public <T> T call(Context ctx, ContextCallable<T> action) throws Exception {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(action, "action");
    Snapshot permit = acquire();
    T result;
    try {
      result = action.call(ctx);
    } catch (Throwable e) { // every Throwable, sneaky-thrown ones included: a trial must never stay half-open
      settleFailure(ctx, permit, e);
      throw CircuitBreaker.<Exception>sneaky(e);
    }
    onSuccess(permit);
    return result;
  }

  /**
   * Records a failed call. If {@code recordOn} itself throws, the call counts as a failure and the predicate's
   * exception is attached to the call's as suppressed: the permit is settled whatever happens.
   */
  private void settleFailure(Context ctx, Snapshot permit, Throwable e) {
    boolean record;
    try {
      record = !ctx.isDone() && recordOn.test(e);
    } catch (Throwable predicateFailure) {
      record = true;
      if (predicateFailure != e) {
        e.addSuppressed(predicateFailure);
      }
    }
    if (record) {
      onFailure(permit);
    } else {
      release(permit);
    }
  }

  /** Rethrows {@code t} unchanged whatever its type; the declared type only satisfies the compiler. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * Like {@link #call} for an action without a result.
   *
   * @throws CircuitOpenException if the breaker refuses the call
   * @throws Exception whatever the action throws, unchanged
   */
  public void run(Context ctx, ContextRunnable action) throws Exception {
    Objects.requireNonNull(action, "action");
    call(ctx, c -> {
      action.run(c);
      return null;
    });
  }

  /** Returns the state the call runs under, or throws if refused. */
  private Snapshot acquire() {
    for (;;) {
      Snapshot s = state.get();
      switch (s.state()) {
        case CLOSED -> {
          return s;
        }
        case HALF_OPEN -> throw new CircuitOpenException(name + " is half-open and a trial call is running");
        case OPEN -> {
          long now = clock.getAsLong();
          if (now - s.openedAt() < openNanos) {
            throw new CircuitOpenException(name + " is open after " + failureThreshold + " failures");
          }
          Snapshot trial = new Snapshot(State.HALF_OPEN, s.seq() + 1, 0, s.openedAt());
          if (swap(s, trial)) {
            return trial;
          }
        }
      }
    }
  }

  private void onSuccess(Snapshot permit) {
    if (permit.state() == State.HALF_OPEN) {
      swap(permit, new Snapshot(State.CLOSED, permit.seq() + 1, 0, 0));
      return;
    }
    for (;;) {
      Snapshot s = state.get();
      if (s.seq() != permit.seq() || s.failures() == 0) {
        return;
      }
      if (state.compareAndSet(s, new Snapshot(State.CLOSED, s.seq(), 0, 0))) {
        return;
      }
    }
  }

  private void onFailure(Snapshot permit) {
    if (permit.state() == State.HALF_OPEN) {
      swap(permit, new Snapshot(State.OPEN, permit.seq() + 1, 0, clock.getAsLong()));
      return;
    }
    for (;;) {
      Snapshot s = state.get();
      if (s.seq() != permit.seq()) {
        return;
      }
      int failures = s.failures() + 1;
      if (failures >= failureThreshold) {
        if (swap(s, new Snapshot(State.OPEN, s.seq() + 1, 0, clock.getAsLong()))) {
          return;
        }
      } else if (state.compareAndSet(s, new Snapshot(State.CLOSED, s.seq(), failures, 0))) {
        return;
      }
    }
  }

  /** A call whose outcome does not count: a trial goes back to open so another caller may try. */
  private void release(Snapshot permit) {
    if (permit.state() == State.HALF_OPEN) {
      swap(permit, new Snapshot(State.OPEN, permit.seq() + 1, 0, permit.openedAt()));
    }
  }

  private boolean swap(Snapshot from, Snapshot to) {
    if (!state.compareAndSet(from, to)) {
      return false;
    }
    if (observer != null) {
      observer.transition(from, to);
    }
    return true;
  }

  @Override
  public String toString() {
    Snapshot s = state.get();
    return "CircuitBreaker[" + name + ", " + s.state() + ", failures=" + s.failures() + "]";
  }

  /** Settings of a {@link CircuitBreaker}. Not thread-safe. */
  public static final class Builder {
    private String name = "breaker";
    private int failureThreshold = 5;
    private Duration openDuration = Duration.ofSeconds(10);
    private Predicate<Throwable> recordOn = e -> !(e instanceof CancelledException);
    private LongSupplier clock = MonoClock::now;
    private Observer observer;

    private Builder() {}

    /** The name used in messages. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Failures in a row that open the breaker.
     *
     * @throws IllegalArgumentException if {@code failureThreshold < 1}
     */
    public Builder failureThreshold(int failureThreshold) {
      if (failureThreshold < 1) {
        throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
      }
      this.failureThreshold = failureThreshold;
      return this;
    }

    /**
     * How long the breaker stays open before a trial call.
     *
     * @throws IllegalArgumentException if {@code openDuration} is negative
     */
    public Builder openDuration(Duration openDuration) {
      Objects.requireNonNull(openDuration, "openDuration");
      if (openDuration.isNegative()) {
        throw new IllegalArgumentException("openDuration must not be negative, was " + openDuration);
      }
      this.openDuration = openDuration;
      return this;
    }

    /** Which failures count; others pass through without changing the state. Default: all but cancellations. */
    public Builder recordOn(Predicate<Throwable> recordOn) {
      this.recordOn = Objects.requireNonNull(recordOn, "recordOn");
      return this;
    }

    Builder clock(LongSupplier clock) {
      this.clock = clock;
      return this;
    }

    Builder observer(Observer observer) {
      this.observer = observer;
      return this;
    }

    /** The breaker, closed. */
    public CircuitBreaker build() {
      return new CircuitBreaker(this);
    }
  }
}
