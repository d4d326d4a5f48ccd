package dev.leash.examples.ticker;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs seed 002 exercise 12: a ticker per call. Argument: the number of calls (default 5). */
public final class TickerExample {
  private static final Duration PERIOD = Duration.ofMillis(5);

  private TickerExample() {}

  /**
   * Calls each version's {@code publishUntil} several times (three ticks each) and counts what is left.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int calls = Demo.intArg(args, 0, "calls", 5);
    Demo.heading(out, "leaky: a scheduleAtFixedRate ticker per call, never shut down");
    AtomicInteger published = new AtomicInteger();
    for (int i = 0; i < calls; i++) {
      AtomicInteger ticks = new AtomicInteger();
      LeakyTicker.publishUntil(PERIOD, published::incrementAndGet, () -> ticks.incrementAndGet() == 3);
    }
    Demo.observe(PERIOD.multipliedBy(4));
    long alive = LeakyTicker.CREATED.stream().filter(s -> !s.isShutdown()).count();
    out.printf("%d calls, %d publishes; %d tickers still ticking after the calls returned%n", calls,
        published.get(), alive);
    LeakyTicker.stopAll();

    Demo.heading(out, "leash: Loop.fixedRate on a context the call owns and cancels");
    published.set(0);
    for (int i = 0; i < calls; i++) {
      AtomicInteger ticks = new AtomicInteger();
      Ticker.publishUntil(Context.background(), PERIOD, published::incrementAndGet, () -> ticks.incrementAndGet() == 3);
    }
    out.printf("%d calls, %d publishes; %d tasks of 'ticker' alive%n", calls, published.get(),
        Demo.liveTasks("ticker"));
  }
}
