package dev.leash.examples.looprunner;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs task 2: a loop runner and its close(). Argument: interval in milliseconds (default 1000). */
public final class LoopRunnerExample {
  private LoopRunnerExample() {}

  /**
   * Runs both versions and prints how long close() took and whether the thread was gone.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    Duration interval = Duration.ofMillis(Demo.intArg(args, 0, "interval milliseconds", 1000));
    Demo.heading(out, "leaky: while (running) { fn(); Thread.sleep(interval); }, close() sets running = false");
    CountDownLatch ran = new CountDownLatch(1);
    LeakyLoopRunner leaky = new LeakyLoopRunner(interval, ran::countDown);
    ran.await();
    long t0 = System.nanoTime();
    leaky.close();
    out.printf("close() returned in %.1f ms; loop thread alive afterwards: %s (unstopped-scheduler)%n",
        (System.nanoTime() - t0) / 1e6, leaky.thread().isAlive());
    leaky.thread().join();
    out.printf("it ended %d ms after close(), at the end of its sleep%n", (System.nanoTime() - t0) / 1_000_000);

    Demo.heading(out, "leash: Loop.fixedRate(ctx, interval, fn); close() cancels and waits");
    AtomicInteger runs = new AtomicInteger();
    LoopRunner runner = new LoopRunner(Context.background(), interval, c -> runs.incrementAndGet());
    long t1 = System.nanoTime();
    runner.close();
    out.printf("close() returned in %.1f ms; %d tasks of 'loop-runner' alive afterwards%n",
        (System.nanoTime() - t1) / 1e6, Demo.liveTasks("loop-runner"));
  }
}
