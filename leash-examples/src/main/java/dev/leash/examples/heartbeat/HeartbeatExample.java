package dev.leash.examples.heartbeat;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs task 1.5: a heartbeat. Argument: period in milliseconds (default 50). */
public final class HeartbeatExample {
  private HeartbeatExample() {}

  /**
   * Runs both versions for a few periods and prints what is left afterwards.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    Duration period = Duration.ofMillis(Demo.intArg(args, 0, "period milliseconds", 50));
    Duration runFor = period.multipliedBy(4);
    Demo.heading(out, "leaky: Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(ping, ...)");
    AtomicInteger leakyPings = new AtomicInteger();
    LeakyHeartbeat.startHeartbeat(period, leakyPings::incrementAndGet);
    Demo.observe(runFor);
    int atEnd = leakyPings.get();
    Demo.observe(runFor);
    out.printf("%d pings, and %d more after the caller was done: nobody can stop it (unstopped-scheduler)%n",
        atEnd, leakyPings.get() - atEnd);
    LeakyHeartbeat.stopAll();

    Demo.heading(out, "leash: Loop.fixedRate(ctx, period, ping) owned by a Heartbeat you close");
    AtomicInteger pings = new AtomicInteger();
    Heartbeat h = Heartbeat.start(Context.background(), period, c -> pings.incrementAndGet());
    try {
      Demo.observe(runFor);
    } finally {
      h.close();
    }
    int closedAt = pings.get();
    Demo.observe(runFor);
    out.printf("%d pings, %d after close(); %d tasks of 'heartbeat' alive%n", closedAt, pings.get() - closedAt,
        Demo.liveTasks("heartbeat"));
  }
}
