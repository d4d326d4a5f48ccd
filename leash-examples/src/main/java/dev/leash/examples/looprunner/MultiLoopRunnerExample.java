package dev.leash.examples.looprunner;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs task 2.1: N loops. Argument: N (default 10). Each run takes 50 ms. */
public final class MultiLoopRunnerExample {
  private MultiLoopRunnerExample() {}

  /**
   * Runs both versions and prints the threads left after close().
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int n = Demo.intArg(args, 0, "N", 10);
    Duration interval = Duration.ofMillis(20);
    Demo.heading(out, "leaky: N loops on Executors.newFixedThreadPool(N), close() sets a flag");
    LeakyMultiLoopRunner leaky = new LeakyMultiLoopRunner(n, interval, MultiLoopRunnerExample::work);
    Demo.observe(Duration.ofMillis(100));
    leaky.close();
    Demo.observe(Duration.ofMillis(200));
    ThreadPoolStats s = ThreadPoolStats.of(leaky.pool());
    out.printf("200 ms after close(): %d pool threads idle, %d loops running, pool never shut down "
        + "(idle-executor)%n", s.poolSize(), s.active());
    leaky.pool().shutdownNow();
    leaky.pool().awaitTermination(10, TimeUnit.SECONDS);

    Demo.heading(out, "leash: Loop.workers(ctx, N, fn); close() cancels once and waits for all N");
    AtomicInteger inFlight = new AtomicInteger();
    MultiLoopRunner runner = new MultiLoopRunner(Context.background(), n, interval, c -> {
      inFlight.incrementAndGet();
      try {
        work();
      } finally {
        inFlight.decrementAndGet();
      }
    });
    Demo.observe(Duration.ofMillis(100));
    long t0 = System.nanoTime();
    runner.close();
    out.printf("close() took %.1f ms (a run in progress finishes its 50 ms); after it: %d threads alive, "
        + "%d runs in flight%n", (System.nanoTime() - t0) / 1e6, runner.liveCount(), inFlight.get());
  }

  /** 50 ms of work that ignores interrupts, as real work often does. */
  static void work() {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    boolean interrupted = false;
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true; // finishes the work first, on purpose: close() must still wait for it
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private record ThreadPoolStats(int poolSize, int active) {
    static ThreadPoolStats of(java.util.concurrent.ExecutorService e) {
      var tpe = (java.util.concurrent.ThreadPoolExecutor) e;
      return new ThreadPoolStats(tpe.getPoolSize(), tpe.getActiveCount());
    }
  }
}
