package dev.leash.cli;

/**
 * A failure the user can act on (bad input, a missing file): the CLI prints its message as one line on stderr and
 * exits with {@link #exitCode()}, without a stack trace.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  /** A bad-input failure, exit code 2. */
  public UserException(String message) {
    this(message, 2);
  }

  /** A failure with the given exit code. */
  public UserException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** The exit code the CLI returns for this failure. */
  public int exitCode() {
    return exitCode;
  }
}
