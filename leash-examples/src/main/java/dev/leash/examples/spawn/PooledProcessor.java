package dev.leash.examples.spawn;

import dev.leash.Context;
import dev.leash.JobHandler;
import dev.leash.WorkerPool;
import java.util.List;

/**
 * Seed 002 exercise 3, fixed with Leash: a {@link WorkerPool} of a fixed number of workers and a bounded queue
 * ({@code workers * 2}, the seed's {@code make(chan Job, workers*2)}). Submitting blocks while the queue is full
 * (back-pressure), {@code close()} runs every accepted job and waits for the workers, so the call returns with every
 * job done and no thread left, whatever the number of jobs.
 */
public final class PooledProcessor {
  private PooledProcessor() {}

  /**
   * Runs {@code handler} on every job with {@code workers} threads; returns when all have run.
   *
   * @throws IllegalArgumentException if {@code workers < 1}
   * @throws dev.leash.TaskFailedException if a job failed (the first failure is the cause; every job still ran)
   * @throws dev.leash.CancelledException if {@code ctx} is done before every job was accepted
   */
  public static <J> void processAll(Context ctx, List<J> jobs, int workers, JobHandler<J> handler) {
    try (WorkerPool<J> pool = WorkerPool.builder(handler).name("spawn-pool").workers(workers)
        .queueCapacity(workers * 2).open(ctx)) {
      for (J job : jobs) {
        pool.submit(ctx, job);
      }
    }
  }
}
