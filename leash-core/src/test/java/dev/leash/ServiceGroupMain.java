package dev.leash;

import java.time.Duration;

/**
 * A process for {@link ServiceGroupSignalTest}: a small group (with argument {@code stuck}, plus a component that
 * ignores cancellation). Its last component prints {@code ready} once all others are ready; the group runs until
 * SIGTERM, then the process prints the report and exits with 0 if everything stopped, 3 otherwise.
 */
public final class ServiceGroupMain {
  private ServiceGroupMain() {}

  public static void main(String[] args) {
    boolean stuck = args.length > 0 && args[0].equals("stuck");
    ServiceGroup.Builder b = ServiceGroup.builder().name("demo")
        // A drain budget with room for a loaded machine: the drains themselves take no time, but on 2 busy cores the
        // first virtual (drain) threads were seen to start more than 300 ms late, old code and new alike (issue 16).
        .drainBudget(Duration.ofSeconds(3)).stopBudget(Duration.ofMillis(400))
        .component("db", (ctx, ready) -> {
          ready.run();
          ctx.await();
        })
        .component("http", Service.of((ctx, ready) -> {
          ready.run();
          ctx.await();
        }, ctx -> System.out.println("draining http")), "db");
    if (stuck) {
      b.component("stubborn", (ctx, ready) -> {
        ready.run();
        holdPastBudget();
      }, "db");
    }
    b.component("announce", (ctx, ready) -> {
      System.out.println("ready");
      System.out.flush();
    }, stuck ? new String[] {"http", "stubborn"} : new String[] {"http"});
    ShutdownReport r = b.build().runUntilSignal(Context.background());
    System.out.println("REPORT");
    System.out.print(r.text());
    System.out.flush();
    System.exit(r.allStopped() ? 0 : 3);
  }

  static void holdPastBudget() {
    for (;;) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException ignored) {
        // deliberately ignores cancellation
      }
    }
  }
}
