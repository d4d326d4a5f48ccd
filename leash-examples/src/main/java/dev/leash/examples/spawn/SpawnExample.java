package dev.leash.examples.spawn;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Runs seed 002 exercise 3: spawn-per-item vs a worker pool. Argument: jobs (default 2000). */
public final class SpawnExample {
  private static final int WORKERS = 16;

  private SpawnExample() {}

  /**
   * Runs the jobs both ways and prints the peak number running at once and what is left when the call returns.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int n = Demo.intArg(args, 0, "jobs", 2000);
    List<Integer> jobs = IntStream.range(0, n).boxed().toList();
    Demo.heading(out, "leaky: for (job : jobs) new Thread(() -> process(job)).start();");
    Gauge leakyGauge = new Gauge();
    CountDownLatch downstream = new CountDownLatch(1);
    LeakySpawner.processAll(jobs, j -> leakyGauge.during(() -> await(downstream)));
    out.printf("processAll returned with %d threads alive, one per job, none finished: nobody waits for them%n",
        LeakySpawner.alive());
    downstream.countDown();
    LeakySpawner.joinAll();

    Demo.heading(out, "leash: WorkerPool of " + WORKERS + " workers, queue " + WORKERS * 2 + ", closed");
    Gauge gauge = new Gauge();
    PooledProcessor.processAll(Context.background(), jobs, WORKERS, (c, j) -> gauge.during(SpawnExample::work));
    out.printf("processAll returned with all %d jobs done; peak in flight %d; %d tasks of 'spawn-pool' alive%n",
        gauge.done(), gauge.peak(), Demo.liveTasks("spawn-pool"));
  }

  /** A millisecond of simulated work (the job itself, not a synchronisation). */
  private static void work() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts jobs in flight, their peak, and jobs done. */
  static final class Gauge {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();

    void during(Runnable work) {
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        work.run();
      } finally {
        inFlight.decrementAndGet();
        done.incrementAndGet();
      }
    }

    int peak() {
      return peak.get();
    }

    int done() {
      return done.get();
    }
  }
}
