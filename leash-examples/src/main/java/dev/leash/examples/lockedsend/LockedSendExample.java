package dev.leash.examples.lockedsend;

import dev.leash.Context;
import dev.leash.TaskGroup;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs task 1.4: a hand-off under a lock. Argument: how many enqueuers (default 100). */
public final class LockedSendExample {
  private LockedSendExample() {}

  /**
   * Runs both versions: the leaky one gets stuck, the fixed one delivers every job.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int n = Demo.intArg(args, 0, "enqueuers", 100);
    Demo.heading(out, "leaky: synchronized (lock) { pending.add(j); queue.put(j); }, consumer acks under the lock");
    LeakyDispatch.start(n, 5);
    Demo.observe(Duration.ofMillis(300));
    out.printf("300 ms later %d of %d threads are still alive, stuck behind the lock (lock-held-blocking)%n",
        Demo.alive(LeakyDispatch.SPAWNED), n + 1);
    LeakyDispatch.stopAll();

    Demo.heading(out, "leash: lock only the list, send after unlocking, with a context");
    long start = System.nanoTime();
    int handled = deliver(Context.background(), n, 1);
    out.printf("%d enqueuers, slow consumer: %d jobs handled in %d ms, no deadlock%n", n, handled,
        (System.nanoTime() - start) / 1_000_000);
    out.printf("%d tasks of 'dispatch' alive after close()%n", Demo.liveTasks("dispatch"));
  }

  /**
   * {@code n} enqueuers and one consumer taking {@code consumeMillis} per job, in one group; returns how many jobs
   * the consumer handled (all of them).
   *
   * @throws InterruptedException if interrupted
   */
  static int deliver(Context ctx, int n, long consumeMillis) throws InterruptedException {
    LeashDispatcher d = new LeashDispatcher();
    AtomicInteger handled = new AtomicInteger();
    try (TaskGroup g = TaskGroup.builder().name("dispatch").open(ctx)) {
      g.go(c -> {
        for (Optional<String> job = d.next(c); job.isPresent(); job = d.next(c)) {
          Thread.sleep(consumeMillis);
          d.done(job.get());
          handled.incrementAndGet();
        }
      });
      try (TaskGroup enqueuers = TaskGroup.builder().name("enqueuers").open(ctx)) {
        for (int i = 0; i < n; i++) {
          String job = "job-" + i;
          enqueuers.go(c -> d.enqueue(c, job));
        }
        enqueuers.await();
      }
      d.close();
      g.await();
    }
    if (d.pendingCount() != 0) {
      throw new IllegalStateException(d.pendingCount() + " jobs still pending");
    }
    return handled.get();
  }
}
