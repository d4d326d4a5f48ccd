package dev.leash.examples.retry;

import dev.leash.Backoff;
import dev.leash.Context;
import dev.leash.Retry;
import dev.leash.examples.Demo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Runs seed 002 exercise 14: retries under sustained failure. Argument: items for the Leash version (default 20). */
public final class RetryExample {
  static final int ATTEMPTS = 3;
  static final Duration BACKOFF = Duration.ofMillis(20);

  private RetryExample() {}

  /**
   * Retries a call that always fails with each version and counts calls and threads.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int items = Demo.intArg(args, 0, "items", 20);
    Demo.heading(out, "leaky: after each failure sleep, then new Thread(() -> retry(fn)).start()");
    AtomicInteger calls = new AtomicInteger();
    LeakyRetry.retry(() -> {
      calls.incrementAndGet();
      throw new IOException("down");
    }, ATTEMPTS, BACKOFF);
    int atReturn = calls.get();
    Demo.observe(BACKOFF.multipliedBy(5));
    out.printf("one retry(fn) of %d attempts: %d calls when it returned (serial: %d), %d calls %d ms later, %d "
        + "retry threads alive and spawning%n", ATTEMPTS, atReturn, ATTEMPTS, calls.get(),
        BACKOFF.multipliedBy(5).toMillis(), LeakyRetry.STARTED.stream().filter(Thread::isAlive).count());
    LeakyRetry.stopAll();

    Demo.heading(out, "leash: Retry (" + ATTEMPTS + " attempts) per item in a TaskGroup with limit(4)");
    AtomicInteger leashCalls = new AtomicInteger();
    Retry retry = Retry.builder().maxAttempts(ATTEMPTS).backoff(Backoff.fixed(BACKOFF)).build();
    List<Integer> work = IntStream.range(0, items).boxed().toList();
    Map<Integer, Exception> failed = BoundedRetry.runAll(Context.background(), work, 4, retry, i -> c -> {
      leashCalls.incrementAndGet();
      throw new IOException("down");
    });
    out.printf("%d items: %d calls (%d x %d), %d reported failed; %d tasks of 'retry' alive%n", items,
        leashCalls.get(), items, ATTEMPTS, failed.size(), Demo.liveTasks("retry"));
  }
}
