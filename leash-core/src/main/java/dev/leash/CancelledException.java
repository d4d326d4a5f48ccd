package dev.leash;

/**
 * Thrown when work stops because its {@link Context} is done. Unchecked, so it passes through code that does not know
 * about contexts.
 *
 * <p>When a context was cancelled with {@link CancellableContext#cancel(Throwable)} and that cause is itself a
 * {@code CancelledException} (a subclass such as {@code LoggedOut extends CancelledException}, or one with a
 * message), every call that reports the context as done ({@link Context#throwIfDone()}, channel operations,
 * {@link Select}, {@link Retry}, {@link Task#join()}) throws that very exception, so {@code catch (LoggedOut e)}
 * matches. Any other cause is carried as {@link #getCause()} of a fresh {@code CancelledException}; a plain cancel
 * gives a fresh one without a cause, a deadline a fresh {@link DeadlineExceededException}.
 */
public class CancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The shared cause of contexts cancelled without one: no stack trace, immutable. */
  static final CancelledException CANCELLED = new CancelledException("context cancelled", null, false);

  /** A cancellation with a message. */
  public CancelledException(String message) {
    super(message);
  }

  /** A cancellation with a message and the cause the canceller gave. */
  public CancelledException(String message, Throwable cause) {
    super(message, cause);
  }

  CancelledException(String message, Throwable cause, boolean writableStackTrace) {
    super(message, cause, false, writableStackTrace);
  }

  /**
   * The exception to throw for a context whose cause is {@code cause}: the cause itself when it is a
   * {@code CancelledException} a caller gave (a subclass of its own, or one with a message), so that a
   * {@code catch} of that type matches; a fresh exception with the caller's stack for the shared causes of a plain
   * cancel or a deadline; otherwise a fresh {@code CancelledException} whose cause is {@code cause} (a sibling's
   * failure, say).
   */
  static CancelledException of(Throwable cause) {
    if (cause == DeadlineExceededException.DEADLINE) {
      return new DeadlineExceededException("context deadline exceeded");
    }
    if (cause == CANCELLED) {
      return new CancelledException("context cancelled");
    }
    if (cause instanceof CancelledException c) {
      return c;
    }
    return new CancelledException("context cancelled: " + cause, cause);
  }
}
