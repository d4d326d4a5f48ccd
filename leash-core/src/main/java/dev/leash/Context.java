package dev.leash;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The stop signal a task receives: a read-only view of whether the work it belongs to should stop, why, and by when.
 *
 * <p>A context is <em>done</em> once it, or any ancestor, is cancelled or reaches its deadline. Being done is final:
 * {@link #isDone()} never goes back to {@code false}, and {@link #cause()} never changes once set. Contexts form a
 * tree: {@link #withCancel()}, {@link #withTimeout(Duration)} and {@link #withDeadline(Instant)} derive a child that
 * the caller must close; cancelling a context cancels every descendant, and a closed child is removed from its
 * parent, so a long-lived parent never accumulates dead children. Once {@code cancel()} has returned, every descendant
 * is done; while it runs, another thread may see the context done and a descendant not yet (the tree is cancelled from
 * the top down). A child derived from a done context is done at once.
 *
 * <p>Deadlines are measured on the monotonic clock ({@link System#nanoTime()}); all deadlines of the JVM share one
 * daemon timer thread named {@code leash-timer}, started lazily and ended shortly after the last pending deadline is
 * gone. A child's deadline is never later than its parent's.
 *
 * <p><b>Memory effects:</b> actions in a thread before it cancels a context <i>happen-before</i> actions of another
 * thread after it observes that context (or a descendant) as done, through {@link #isDone()}, {@link #cause()},
 * {@link #await()} or an {@link #onDone(Runnable)} callback.
 *
 * <p>All methods are thread-safe. Null arguments throw {@link NullPointerException} naming the parameter.
 */
public sealed interface Context permits AbstractContext, CancellableContext {

  /** The root context: never done, no deadline, no values. Derive from it at the top of a program or a test. */
  static Context background() {
    return BackgroundContext.INSTANCE;
  }

  /**
   * Whether this context is done. A plain volatile read: call it freely in loops (CPU-bound loops should check it at
   * least every 10 ms).
   */
  boolean isDone();

  /**
   * Why this context is done, or {@code null} while it is not: a {@link DeadlineExceededException} when a deadline
   * passed, a {@link CancelledException} when it was cancelled without a cause, or the cause a caller passed to
   * {@link CancellableContext#cancel(Throwable)}. A descendant reports the cause of the ancestor that cancelled it.
   */
  Throwable cause();

  /**
   * Throws if this context is done: a {@link DeadlineExceededException} when its deadline passed; the cause itself
   * when a caller cancelled it with a {@link CancelledException} (or a subclass) as the cause; otherwise a fresh
   * {@link CancelledException} whose cause is the caller's cause, if any.
   *
   * @throws CancelledException if this context is done
   */
  default void throwIfDone() {
    Throwable c = cause();
    if (c != null) {
      throw CancelledException.of(c);
    }
  }

  /** The instant by which this context will be done, if it has a deadline (its own or an ancestor's). */
  Optional<Instant> deadline();

  /** The value bound to {@code key} by this context or the nearest ancestor that binds it. */
  <T> Optional<T> value(Key<T> key);

  /**
   * Runs {@code action} once when this context is done: on the thread that cancels it (the timer thread for a
   * deadline), or immediately on the calling thread if it is done already. Actions must be short and must not block;
   * an exception thrown by one is logged and does not stop the others.
   *
   * @return a registration whose {@link Registration#close()} removes the action if it has not run yet
   */
  Registration onDone(Runnable action);

  /**
   * Blocks until this context is done.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  void await() throws InterruptedException;

  /**
   * Blocks until this context is done or {@code timeout} has elapsed.
   *
   * @return whether the context is done
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  boolean await(Duration timeout) throws InterruptedException;

  /**
   * Binds the current thread to this context until the returned registration is closed: if the context becomes done
   * in between, the thread is interrupted, which ends blocking calls such as {@code BlockingQueue.take},
   * {@code Thread.sleep}, {@code Future.get} or {@code Object.wait}. If the context is done already, the thread is
   * interrupted at once. Use it with try-with-resources; after {@code close()} returns, a later cancellation no longer
   * interrupts the thread.
   */
  Registration interruptOnDone();

  /** A child that is done when this context is, or when the child is cancelled or closed. Close it when finished. */
  CancellableContext withCancel();

  /**
   * A child that is done {@code timeout} from now at the latest. A zero or negative timeout gives a context that is
   * done already, with a {@link DeadlineExceededException} cause. A timeout too long to represent in nanoseconds from
   * now (about 292 years, such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) means no deadline: {@link #deadline()}
   * stays empty, as for {@link #withCancel()}. Close it when finished.
   */
  CancellableContext withTimeout(Duration timeout);

  /**
   * A child that is done at {@code deadline} at the latest (or at this context's deadline if that is earlier). A
   * deadline in the past gives a context that is done already; one too far away to represent (such as
   * {@link Instant#MAX}) means no deadline. Close it when finished.
   */
  CancellableContext withDeadline(Instant deadline);

  /** A child carrying {@code value} under {@code key}; it is done exactly when this context is. */
  <T> Context withValue(Key<T> key, T value);

  /**
   * A child that keeps this context's values but is never done and has no deadline: for work that must finish even
   * when the caller's request is cancelled (a cleanup, an audit write). Give it its own timeout.
   */
  Context withoutCancel();

  /**
   * A typed key for {@link #withValue(Key, Object)}. Keys compare by identity: keep one in a {@code static final}
   * field.
   *
   * @param <T> the type of the values bound under this key
   */
  final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = name;
    }

    /** A new key; {@code name} is only used in {@code toString()}. */
    public static <T> Key<T> of(String name) {
      return new Key<>(Objects.requireNonNull(name, "name"));
    }

    @Override
    public String toString() {
      return "Key[" + name + "]";
    }
  }
}
