package dev.leash.examples;

/**
 * An example ran and ended in a way its user must hear about with a given exit code (a port in use, a shutdown that
 * ran out of budget): the CLI prints the message as one line and exits with {@link #exitCode()}, without a stack
 * trace. Bad arguments are {@link IllegalArgumentException}s instead (exit 2).
 */
public final class ExampleFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  /**
   * A failure ending the example with {@code exitCode}.
   *
   * @param message one line saying what happened
   * @param exitCode the process exit code, at least 1
   * @throws IllegalArgumentException if {@code exitCode} is less than 1
   */
  public ExampleFailure(String message, int exitCode) {
    super(message, null, false, false);
    if (exitCode < 1) {
      throw new IllegalArgumentException("exitCode must be at least 1, was " + exitCode);
    }
    this.exitCode = exitCode;
  }

  /** The exit code the example ends with. */
  public int exitCode() {
    return exitCode;
  }
}
