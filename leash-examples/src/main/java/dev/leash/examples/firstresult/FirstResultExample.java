package dev.leash.examples.firstresult;

import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Runs task 1.1: the first of N results, leaky and with Leash. Arguments: the URLs (default a b c d e). */
public final class FirstResultExample {
  private FirstResultExample() {}

  /**
   * Runs both versions and prints how many threads each leaves behind.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    List<String> urls = args.length == 0 ? List.of("a", "b", "c", "d", "e") : List.of(args);
    Demo.heading(out, "leaky: threads put into a SynchronousQueue, the caller takes one");
    out.println("first = " + LeakyFirst.first(urls));
    Demo.observe(Duration.ofMillis(100));
    out.printf("%d of %d sender threads still blocked in put 100 ms later (abandoned-producer)%n",
        Demo.alive(LeakyFirst.SPAWNED), urls.size());
    LeakyFirst.stopAll();
    Demo.heading(out, "leash: TaskGroup + Channel.send(ctx, v); close cancels the losers");
    out.println("first = " + LeashFirst.first(Context.background(), urls));
    out.printf("%d tasks of group 'first' alive after the call: close() cancelled and waited for the senders%n",
        Demo.liveTasks("first"));
  }
}
