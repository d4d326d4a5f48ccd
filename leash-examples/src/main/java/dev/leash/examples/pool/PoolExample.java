package dev.leash.examples.pool;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.PoolClosedException;
import dev.leash.PoolStats;
import dev.leash.TaskGroup;
import dev.leash.WorkerPool;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs task 6: a pool with back-pressure, closed mid-flight. Argument: how many jobs (default 1000). */
public final class PoolExample {
  private PoolExample() {}

  /**
   * What the Leash pool did: jobs accepted (submit returned), handled, refused because the pool closed, and its
   * final stats.
   */
  record Outcome(int accepted, int handled, int refused, PoolStats stats) {}

  /**
   * Runs both versions.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int jobs = Demo.intArg(args, 0, "jobs", 1000);
    Demo.heading(out, "leaky: N threads loop on SynchronousQueue.take(), close() sets a flag");
    AtomicInteger leakyHandled = new AtomicInteger();
    LeakyPool<Integer> leaky = new LeakyPool<>(4, j -> leakyHandled.incrementAndGet());
    for (int i = 0; i < Math.min(jobs, 100); i++) {
      leaky.submit(i);
    }
    leaky.close();
    Demo.observe(Duration.ofMillis(100));
    out.printf("handled %d jobs; 100 ms after close() %d of 4 workers still wait in take() (orphaned-consumer)%n",
        leakyHandled.get(), Demo.alive(leaky.workers()));
    leaky.stopWorkers();

    Demo.heading(out, "leash: WorkerPool, direct hand-off (back-pressure), close() mid-flight");
    Outcome o = closeMidFlight(Context.background(), jobs, Math.max(1, jobs / 10));
    out.printf("accepted %d, handled %d, refused after close %d; %s%n", o.accepted(), o.handled(), o.refused(),
        o.stats());
    out.printf("%d tasks of 'pool' alive after close()%n", Demo.liveTasks("pool"));
  }

  /**
   * A submitter offers {@code jobs} jobs (1 ms each) to a pool of 4 workers with a direct hand-off; the pool is
   * closed once {@code closeAfter} have been handled. Every accepted job is handled.
   *
   * @throws InterruptedException if interrupted
   */
  static Outcome closeMidFlight(Context ctx, int jobs, int closeAfter) throws InterruptedException {
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(closeAfter);
    CountDownLatch submitterDone = new CountDownLatch(1);
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      Thread.sleep(1);
      handled.incrementAndGet();
      enough.countDown();
    }).name("pool").workers(4).open(ctx);
    try (CancellableContext run = ctx.withCancel();
        TaskGroup submitter = TaskGroup.builder().name("submitter").open(run)) {
      submitter.go(c -> {
        try {
          for (int i = 0; i < jobs; i++) {
            pool.submit(c, i);
            accepted.incrementAndGet();
          }
        } catch (PoolClosedException e) {
          refused.addAndGet(jobs - accepted.get());
        } finally {
          submitterDone.countDown();
        }
      });
      enough.await();
      pool.close(); // stop accepting, run every accepted job, wait for the workers
      submitterDone.await();
    }
    return new Outcome(accepted.get(), handled.get(), refused.get(), pool.stats());
  }
}
