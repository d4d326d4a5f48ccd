package dev.leash.examples.service;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Runs task 7: the mini-service. Argument: how many messages (default 3). */
public final class ServiceExample {
  private ServiceExample() {}

  /**
   * Runs both versions.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int n = Demo.intArg(args, 0, "messages", 3);
    Duration flushEvery = Duration.ofMillis(100);
    Demo.heading(out, "leaky: new Thread(consume).start(); new Thread(flush).start(); no close");
    ConcurrentLinkedQueue<String> leakyOut = new ConcurrentLinkedQueue<>();
    LeakyService leaky = new LeakyService(flushEvery, leakyOut::add);
    for (int i = 0; i < n; i++) {
      leaky.submit("msg-" + i);
    }
    Demo.observe(Duration.ofMillis(250));
    out.printf("printed %s; its %d threads live on (orphaned-consumer, unstopped-scheduler)%n", leakyOut,
        Demo.alive(leaky.threads()));
    leaky.stopThreads();

    Demo.heading(out, "leash: Channel + TaskGroup consumer, Loop flusher, close() waits for both");
    ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    try (CancellableContext ctx = Context.background().withCancel();
        Service s = new Service(ctx, flushEvery, lines::add)) {
      for (int i = 0; i < n; i++) {
        s.submit(ctx, "msg-" + i);
      }
    }
    out.printf("printed %s; tasks alive after close(): %d%n", lines,
        Demo.liveTasks("service") + Demo.liveTasks("service-flush"));
  }
}
