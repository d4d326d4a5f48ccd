package dev.leash.examples.pool;

import dev.leash.Context;
import dev.leash.PoolFullException;
import dev.leash.TaskGroup;
import dev.leash.WorkerPool;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs task 6.1: load shedding. 20 submitters offer jobs back to back to 5 workers running 50 ms jobs, well above
 * what the workers can do. Argument: jobs per submitter (default 5).
 */
public final class SheddingExample {
  private SheddingExample() {}

  /** Accepted and rejected submissions, jobs handled, and the shortest and longest a rejected submission waited. */
  record Outcome(int accepted, int rejected, int handled, long shortestRejectMillis, long longestRejectMillis) {}

  /**
   * Runs both versions.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int perSubmitter = Demo.intArg(args, 0, "jobs per submitter", 5);
    Demo.heading(out, "leaky: ThreadPoolExecutor + SynchronousQueue, RejectedExecutionException = full");
    Outcome l = leaky(20, perSubmitter);
    out.printf("accepted %d, rejected %d at once (bursts not absorbed); the executor is never shut down "
        + "(idle-executor)%n", l.accepted(), l.rejected());
    LeakyShedder.stopAll();

    Demo.heading(out, "leash: WorkerPool.trySubmit(job, 100 ms) -> PoolFullException");
    Outcome o = leash(Context.background(), 20, perSubmitter);
    out.printf("accepted %d, rejected %d (each after waiting %d to %d ms), handled %d%n", o.accepted(),
        o.rejected(), o.shortestRejectMillis(), o.longestRejectMillis(), o.handled());
    out.printf("%d tasks of 'shedder' alive after close()%n", Demo.liveTasks("shedder"));
  }

  private static void job(AtomicInteger handled) throws InterruptedException {
    Thread.sleep(50);
    handled.incrementAndGet();
  }

  /**
   * The leaky shedder under the load; leaves its executor running.
   *
   * @throws InterruptedException if interrupted
   */
  static Outcome leaky(int submitters, int perSubmitter) throws InterruptedException {
    LeakyShedder shedder = new LeakyShedder(5);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    try (TaskGroup g = TaskGroup.builder().name("leaky-submitters").open(Context.background())) {
      for (int s = 0; s < submitters; s++) {
        g.go(c -> {
          for (int i = 0; i < perSubmitter; i++) {
            boolean ok = shedder.trySubmit(() -> {
              try {
                job(handled);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
            (ok ? accepted : rejected).incrementAndGet();
          }
        });
      }
      g.await();
    }
    return new Outcome(accepted.get(), rejected.get(), handled.get(), 0, 0);
  }

  /**
   * The Leash pool under the load: each submission waits up to 100 ms for a worker; the pool is closed after.
   *
   * @throws InterruptedException if interrupted
   */
  static Outcome leash(Context ctx, int submitters, int perSubmitter) throws InterruptedException {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    AtomicLong longest = new AtomicLong();
    AtomicLong shortest = new AtomicLong(Long.MAX_VALUE);
    try (WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> job(handled))
            .name("shedder").workers(5).open(ctx);
        TaskGroup g = TaskGroup.builder().name("submitters").open(ctx)) {
      for (int s = 0; s < submitters; s++) {
        g.go(c -> {
          for (int i = 0; i < perSubmitter; i++) {
            long t0 = System.nanoTime();
            try {
              pool.trySubmit(i, Duration.ofMillis(100));
              accepted.incrementAndGet();
            } catch (PoolFullException e) {
              rejected.incrementAndGet();
              long waited = (System.nanoTime() - t0) / 1_000_000;
              longest.accumulateAndGet(waited, Math::max);
              shortest.accumulateAndGet(waited, Math::min);
            }
          }
        });
      }
      g.await();
    }
    return new Outcome(accepted.get(), rejected.get(), handled.get(), shortest.get(), longest.get());
  }
}
