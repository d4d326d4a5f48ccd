package dev.leash.examples.busywait;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Runs task 1.3: an idle worker that spins, and one that blocks. Argument: idle milliseconds (default 300). */
public final class BusyWaitExample {
  private BusyWaitExample() {}

  /**
   * Runs both versions and prints the CPU time each idle worker used.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    Duration idle = Duration.ofMillis(Demo.intArg(args, 0, "idle milliseconds", 300));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Demo.heading(out, "leaky: while (true) { job = queue.poll(); if (job != null) ... }");
    LeakySpinner.start(new ConcurrentLinkedQueue<>(), j -> {});
    Thread spinner = LeakySpinner.SPAWNED.get(0);
    long before = mx.getThreadCpuTime(spinner.threadId());
    Demo.observe(idle);
    long spent = mx.getThreadCpuTime(spinner.threadId()) - before;
    out.printf("idle for %d ms, the spinner used %d ms of CPU (busy-spin)%n", idle.toMillis(), spent / 1_000_000);
    LeakySpinner.stopAll();

    Demo.heading(out, "leash: block in Channel.receive(ctx); close() cancels and waits");
    CompletableFuture<Thread> worker = new CompletableFuture<>();
    LeashReceiver r = LeashReceiver.start(Context.background(), Channel.unbuffered(), j -> {}, worker::complete);
    try {
      long id = worker.get().threadId();
      long b = mx.getThreadCpuTime(id);
      Demo.observe(idle);
      out.printf("idle for %d ms, the receiver used %d ms of CPU%n", idle.toMillis(),
          (mx.getThreadCpuTime(id) - b) / 1_000_000);
    } finally {
      r.close();
    }
    out.printf("%d tasks of 'receiver' alive after close()%n", Demo.liveTasks("receiver"));
  }
}
