package dev.leash;

/** Thrown when work stops because its {@link Context}'s deadline passed. A kind of {@link CancelledException}. */
public class DeadlineExceededException extends CancelledException {
  private static final long serialVersionUID = 1L;

  /** The shared cause of contexts whose deadline passed: no stack trace, immutable. */
  static final DeadlineExceededException DEADLINE =
      new DeadlineExceededException("context deadline exceeded", false);

  /** A deadline failure with a message. */
  public DeadlineExceededException(String message) {
    super(message);
  }

  private DeadlineExceededException(String message, boolean writableStackTrace) {
    super(message, null, writableStackTrace);
  }
}
