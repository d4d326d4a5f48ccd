package dev.leash;

/**
 * Thrown by {@link Supervisor#await()} and {@link Supervisor#close()} when a supervisor gave up: its children were
 * restarted more than its restart intensity allows. The cause is the failure of the child whose exit exceeded it
 * ({@code null} if that child returned normally); a parent supervisor sees this exception as its child's failure.
 */
public class SupervisorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A give-up explained by {@code message}, caused by {@code cause}. */
  public SupervisorException(String message, Throwable cause) {
    super(message, cause);
  }
}
