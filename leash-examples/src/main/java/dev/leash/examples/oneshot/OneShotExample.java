package dev.leash.examples.oneshot;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;

/** Runs seed 002 exercise 10: one-shot workers whose result is skipped. Argument: calls (default 10). */
public final class OneShotExample {
  private OneShotExample() {}

  /**
   * Makes the calls with each version, every other one skipping the result, and counts what is left.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int calls = Demo.intArg(args, 0, "calls", 10);
    Demo.heading(out, "leaky: new Thread(() -> result.put(work())) on a SynchronousQueue; skip returns early");
    for (int i = 0; i < calls; i++) {
      boolean skip = i % 2 == 0;
      LeakyCheck.check(() -> "ok", () -> skip);
    }
    Demo.observe(Duration.ofMillis(50));
    out.printf("%d calls, %d skipped; %d workers blocked in put() for ever (abandoned-producer)%n", calls,
        (calls + 1) / 2, LeakyCheck.alive());
    LeakyCheck.stopAll();

    Demo.heading(out, "leash: TaskGroup.fork(work); leaving early closes the group");
    String last = null;
    for (int i = 0; i < calls; i++) {
      boolean skip = i % 2 == 0;
      String r = Check.check(Context.background(), c -> "ok", () -> skip);
      last = r != null ? r : last;
    }
    out.printf("%d calls, %d skipped, last result '%s'; %d tasks of 'one-shot' alive%n", calls, (calls + 1) / 2,
        last, Demo.liveTasks("one-shot"));
  }
}
