package dev.leash;

/**
 * Thrown by {@link TaskGroup#await()}, {@link TaskGroup#close()} and {@link Task#join()} when a task failed. The cause
 * is the first failure; failures of other tasks of the same group are attached as suppressed exceptions, so none is
 * lost.
 */
public class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure of the named owner, caused by {@code cause}. */
  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
