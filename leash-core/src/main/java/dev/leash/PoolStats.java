package dev.leash;

/**
 * Counters of a {@link WorkerPool}. Each field is exact when read, but the fields are read one after the other, so
 * while jobs are moving the sum may be off by the jobs in transit. Once the pool has shut down,
 * {@code submitted == completed + failed + cancelled} and {@code queued == active == 0}.
 *
 * @param submitted jobs accepted (their submit call returned normally)
 * @param completed accepted jobs whose handler returned normally
 * @param failed accepted jobs whose handler threw (not counting cancellation)
 * @param cancelled accepted jobs stopped by the pool's context: in flight when it was cancelled and ended by
 *     {@link CancelledException} or an interrupt, or never started (returned by {@link WorkerPool#closeNow()})
 * @param rejected submissions not accepted: pool full ({@link PoolFullException}), pool closed
 *     ({@link PoolClosedException}), or the submitter's context done or thread interrupted while waiting
 * @param queued accepted jobs waiting in the queue for a worker
 * @param active jobs being handled right now
 */
public record PoolStats(
    long submitted, long completed, long failed, long cancelled, long rejected, int queued, int active) {}
