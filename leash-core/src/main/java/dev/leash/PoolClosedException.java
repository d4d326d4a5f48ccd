package dev.leash;

/**
 * Thrown when a job is submitted to a {@link WorkerPool} that is closed or closing (also to a submitter that was
 * waiting for capacity when the pool closed). The job was not accepted and will not run.
 */
public class PoolClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A rejection because the pool is closed. */
  public PoolClosedException(String message) {
    super(message);
  }
}
