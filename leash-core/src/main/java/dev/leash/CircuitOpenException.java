package dev.leash;

/** Thrown by {@link CircuitBreaker#call} when the breaker refuses a call without running it. */
public class CircuitOpenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A refusal explained by {@code message}. */
  public CircuitOpenException(String message) {
    super(message);
  }
}
