package dev.leash.examples.supervisor;

import dev.leash.Context;
import dev.leash.Supervisor;
import dev.leash.SupervisorEvent;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs task 9: a restart-on-failure supervisor. Argument: the backoff in milliseconds (default 1000, the seed's). */
public final class SupervisorExample {
  private SupervisorExample() {}

  /**
   * Runs a child that fails every time under both versions and closes each during a backoff.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    Duration backoff = Duration.ofMillis(Demo.intArg(args, 0, "backoff milliseconds", 1000));
    Demo.heading(out, "leaky: new Thread(() -> { while (!closed) { try { fn.call(); return; } catch (...) {} "
        + "sleep(backoff); } })");
    LeakyRestarter leaky = new LeakyRestarter(backoff);
    CountDownLatch failed = new CountDownLatch(1);
    leaky.spawn("panicky", () -> {
      failed.countDown();
      throw new IllegalStateException("panic");
    });
    failed.await();
    leaky.close();
    long t0 = System.nanoTime();
    Thread child = leaky.threads().get(0);
    Demo.observe(Duration.ofMillis(50));
    out.printf("close() returned; 50 ms later the child thread is alive: %s (asleep in its backoff)%n",
        child.isAlive());
    child.join();
    out.printf("it ended by itself %d ms after close() (backoff %d ms)%n", (System.nanoTime() - t0) / 1_000_000,
        backoff.toMillis());

    Demo.heading(out, "leash: Supervisor, TRANSIENT child, fixed backoff parked on the context");
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch restarting = new CountDownLatch(1);
    Supervisor sup = Restarter.start(Context.background(), "panicky", backoff, c -> {
      runs.incrementAndGet();
      throw new IllegalStateException("panic");
    }, e -> {
      if (e instanceof SupervisorEvent.Restarting) {
        restarting.countDown();
      }
    });
    restarting.await();
    long t1 = System.nanoTime();
    sup.close();
    out.printf("%d run(s), a restart pending; close() took %.1f ms (backoff %d ms); %d tasks of 'restarter' alive%n",
        runs.get(), (System.nanoTime() - t1) / 1e6, backoff.toMillis(), Demo.liveTasks("restarter"));
  }
}
