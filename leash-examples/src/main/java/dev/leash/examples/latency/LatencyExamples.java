package dev.leash.examples.latency;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.TaskGroup;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs tasks 8 (cancellation latency budget) and 8.1 (CPU-bound cancellation). */
public final class LatencyExamples {
  /** The budget of seed 004 task 8. */
  static final Duration BUDGET = Duration.ofMillis(100);

  private LatencyExamples() {}

  /**
   * Task 8: a poller with a 1 s interval, stopped. Argument: interval in milliseconds (default 1000).
   *
   * @throws Exception if interrupted
   */
  public static void runBudget(PrintWriter out, String... args) throws Exception {
    Duration interval = Duration.ofMillis(Demo.intArg(args, 0, "interval milliseconds", 1000));
    Demo.heading(out, "leaky: while (running) { poll(); try { sleep(interval); } catch (InterruptedException e) {} }");
    CountDownLatch polled = new CountDownLatch(1);
    LeakyPoller leaky = new LeakyPoller(interval, polled::countDown);
    polled.await();
    long t0 = System.nanoTime();
    leaky.close();
    leaky.thread().join();
    out.printf("the thread ended %d ms after close() (budget %d ms)%n", (System.nanoTime() - t0) / 1_000_000,
        BUDGET.toMillis());

    Demo.heading(out, "leash: Loop.fixedDelay parks on the context between polls");
    out.printf("cancel to thread end: %.1f ms (budget %d ms)%n", pollerLatencyMillis(interval), BUDGET.toMillis());
  }

  /**
   * Milliseconds from cancelling a running {@link Poller}'s parent until its thread has ended.
   *
   * @throws InterruptedException if interrupted
   */
  static double pollerLatencyMillis(Duration interval) throws InterruptedException {
    CountDownLatch polled = new CountDownLatch(1);
    try (CancellableContext ctx = Context.background().withCancel();
        Poller p = new Poller(ctx, interval, c -> polled.countDown())) {
      polled.await();
      long t0 = System.nanoTime();
      ctx.cancel();
      p.await();
      return (System.nanoTime() - t0) / 1e6;
    }
  }

  /**
   * Task 8.1: a CPU-bound count, cancelled after 50 ms. No arguments.
   *
   * @throws Exception if interrupted
   */
  public static void runCpu(PrintWriter out, String... args) throws Exception {
    Demo.heading(out, "leaky: executor.submit(countTo(huge)); future.cancel(true)");
    ExecutorService ex = Executors.newSingleThreadExecutor();
    CountDownLatch started = new CountDownLatch(1);
    Future<Long> f = LeakyCruncher.start(ex, Long.MAX_VALUE, started::countDown);
    started.await();
    f.cancel(true);
    ex.shutdown();
    boolean ended = ex.awaitTermination(BUDGET.toMillis() * 3, TimeUnit.MILLISECONDS);
    out.printf("future cancelled; thread ended within %d ms: %s (busy-spin: it never looks at the interrupt)%n",
        BUDGET.toMillis() * 3, ended);
    LeakyCruncher.abortForCleanup = true;
    ex.awaitTermination(10, TimeUnit.SECONDS);
    LeakyCruncher.abortForCleanup = false;

    Demo.heading(out, "leash: the loop checks ctx.isDone() every 2^20 iterations");
    out.printf("cancel to thread end: %.1f ms (budget %d ms)%n", cruncherLatencyMillis(), BUDGET.toMillis());
  }

  /**
   * Milliseconds from cancelling a running {@link Cruncher} until its task has ended.
   *
   * @throws InterruptedException if interrupted
   */
  static double cruncherLatencyMillis() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    try (TaskGroup g = TaskGroup.builder().name("cruncher").open(Context.background())) {
      g.go(c -> {
        started.countDown();
        Cruncher.crunch(c, Long.MAX_VALUE);
      });
      started.await();
      long t0 = System.nanoTime();
      g.cancel();
      g.await();
      return (System.nanoTime() - t0) / 1e6;
    }
  }
}
