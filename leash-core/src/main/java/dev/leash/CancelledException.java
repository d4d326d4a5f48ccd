package dev.leash;

/**
 * Thrown when work stops because its {@link Context} is done. Unchecked, so it passes through code that does not know
 * about contexts. {@link #getCause()} carries the cause a caller gave to {@link CancellableContext#cancel(Throwable)},
 * if any.
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

  /** A fresh exception, with the caller's stack, for a context whose cause is {@code cause}. */
  static CancelledException of(Throwable cause) {
    if (cause instanceof DeadlineExceededException) {
      return new DeadlineExceededException("context deadline exceeded");
    }
    if (cause == CANCELLED) {
      return new CancelledException("context cancelled");
    }
    if (cause instanceof CancelledException c && c.getCause() == null) {
      return new CancelledException(c.getMessage());
    }
    return new CancelledException("context cancelled: " + cause, cause);
  }
}
