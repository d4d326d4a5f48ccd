package dev.leash;

/**
 * What a {@link WorkerPool} does with each job. Runs on a worker thread of the pool.
 *
 * @param <J> the job type
 */
@FunctionalInterface
public interface JobHandler<J> {
  /**
   * Handles one job.
   *
   * @param ctx the pool's context: done when the pool is cancelled ({@link WorkerPool#closeNow()} or the parent
   *     context); a long job should watch it, a blocked one is interrupted
   * @param job the job, never null
   * @throws Exception a failure of this job, counted in {@link PoolStats#failed()} and reported by
   *     {@link WorkerPool#close()}; the worker goes on with the next job
   */
  void handle(Context ctx, J job) throws Exception;
}
