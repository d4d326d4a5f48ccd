package dev.leash.examples.drain;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs seed 002 exercise 15: shut a consumer down with items queued. Argument: items (default 100). */
public final class DrainExample {
  private DrainExample() {}

  /**
   * Queues the items behind a first one still in progress, shuts each version down, and counts what was processed.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int n = Demo.intArg(args, 0, "items", 100);
    Demo.heading(out, "leaky: while (!interrupted) process(queue.take()); close() = shutdownNow()");
    AtomicInteger processed = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    LeakyBatcher leaky = new LeakyBatcher(item -> {
      processed.incrementAndGet();
      first.countDown();
    });
    leaky.submit("item-0");
    first.await(); // the worker is running; queue the rest and shut down
    for (int i = 1; i < n; i++) {
      leaky.submit("item-" + i);
    }
    leaky.close();
    out.printf("%d accepted, %d processed, %d lost in the queue (no thread left: the loss is the items)%n", n,
        processed.get(), leaky.unprocessed());

    Demo.heading(out, "leash: close the Channel, the for-each drains it, then the group ends");
    processed.set(0);
    try (Batcher b = new Batcher(Context.background(), n, item -> processed.incrementAndGet())) {
      for (int i = 0; i < n; i++) {
        b.submit(Context.background(), "item-" + i);
      }
    }
    out.printf("%d accepted, %d processed; %d tasks of 'batcher' alive%n", n, processed.get(),
        Demo.liveTasks("batcher"));
  }
}
