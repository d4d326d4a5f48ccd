package dev.leash;

/**
 * Thrown by {@link WorkerPool#trySubmit(Object, java.time.Duration)} when no worker or queue slot freed up within the
 * timeout: load shedding. The job was not accepted and will not run; the caller decides what to do with it.
 */
public class PoolFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A rejection for lack of capacity. */
  public PoolFullException(String message) {
    super(message);
  }
}
