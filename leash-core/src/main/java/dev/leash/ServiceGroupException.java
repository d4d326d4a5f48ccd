package dev.leash;

/**
 * Thrown by {@link ServiceGroup#start(Context)} when a component failed to start (threw, ended with a failure, or
 * was not ready in time) or the start was cancelled. The components already started have been stopped, in reverse
 * order, by then; {@link #report()} tells how that went. The cause is the component's failure.
 */
public class ServiceGroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ShutdownReport report;

  /** A start failure explained by {@code message}, with the report of stopping what had started. */
  public ServiceGroupException(String message, Throwable cause, ShutdownReport report) {
    super(message, cause);
    this.report = report;
  }

  /** How the components that had started were stopped. */
  public ShutdownReport report() {
    return report;
  }
}
