package dev.leash;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** What every context shares: value lookup, waiting and derivation. Subclasses say where the cancel state lives. */
abstract non-sealed class AbstractContext implements Context {
  /** The context this one was derived from, for value lookup; {@code null} for the root. */
  final AbstractContext parent;

  AbstractContext(AbstractContext parent) {
    this.parent = parent;
  }

  /** The nearest cancellable context whose state this one shares (itself if cancellable), or null if never done. */
  abstract CancelContext node();

  @Override
  public boolean isDone() {
    CancelContext n = node();
    return n != null && n.cause != null;
  }

  @Override
  public Throwable cause() {
    CancelContext n = node();
    return n == null ? null : n.cause;
  }

  @Override
  public Optional<Instant> deadline() {
    CancelContext n = node();
    return (n == null || n.deadline == MonoClock.NEVER)
        ? Optional.empty()
        : Optional.of(MonoClock.toInstant(n.deadline));
  }

  @Override
  public <T> Optional<T> value(Key<T> key) {
    Objects.requireNonNull(key, "key");
    for (AbstractContext c = this; c != null; c = c.parent) {
      if (c instanceof ValueContext<?> v && v.key == key) {
        @SuppressWarnings("unchecked")
        T value = (T) v.value;
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  @Override
  public Registration onDone(Runnable action) {
    Objects.requireNonNull(action, "action");
    CancelContext n = node();
    return n == null ? Callback.NEVER : n.addCallback(action);
  }

  @Override
  public void await() throws InterruptedException {
    if (isDone()) {
      return;
    }
    Thread waiter = Thread.currentThread();
    try (Registration r = onDone(() -> LockSupport.unpark(waiter))) {
      while (!isDone()) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (isDone()) {
      return true;
    }
    long until = MonoClock.after(timeout);
    Thread waiter = Thread.currentThread();
    try (Registration r = onDone(() -> LockSupport.unpark(waiter))) {
      long left;
      while (!isDone() && (left = until - MonoClock.now()) > 0) {
        LockSupport.parkNanos(this, Math.min(left, TimeUnit.DAYS.toNanos(1)));
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }
    return isDone();
  }

  @Override
  public Registration interruptOnDone() {
    return InterruptBinding.bind(this);
  }

  @Override
  public CancellableContext withCancel() {
    CancelContext n = node();
    return new CancelContext(this, n, n == null ? MonoClock.NEVER : n.deadline, false);
  }

  @Override
  public CancellableContext withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return withMonoDeadline(MonoClock.after(timeout));
  }

  @Override
  public CancellableContext withDeadline(Instant deadline) {
    Objects.requireNonNull(deadline, "deadline");
    return withMonoDeadline(MonoClock.toMono(deadline));
  }

  private CancellableContext withMonoDeadline(long deadline) {
    CancelContext n = node();
    long inherited = n == null ? MonoClock.NEVER : n.deadline;
    if (inherited <= deadline) {
      // The parent's deadline comes first and will cancel the child: no timer entry of its own.
      return new CancelContext(this, n, inherited, false);
    }
    boolean expired = deadline <= MonoClock.now();
    CancelContext c = new CancelContext(this, n, deadline, !expired);
    if (expired) {
      c.cancel(DeadlineExceededException.DEADLINE);
    } else if (c.timed) {
      DeadlineTimer.schedule(c);
    }
    return c;
  }

  @Override
  public <T> Context withValue(Key<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return new ValueContext<>(this, key, value);
  }

  @Override
  public Context withoutCancel() {
    return new DetachedContext(this);
  }

  @Override
  public String toString() {
    Throwable c = cause();
    String state = c == null ? "active" : (c instanceof DeadlineExceededException ? "deadline exceeded" : "cancelled");
    return getClass().getSimpleName() + "[" + state + deadline().map(d -> ", deadline " + d).orElse("") + "]";
  }
}
