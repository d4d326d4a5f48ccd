package dev.leash.examples.consumer;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs task 1.2: a consumer the caller can stop. Argument: how many jobs (default 5). */
public final class ConsumerExample {
  private ConsumerExample() {}

  /**
   * Runs both versions and prints what each leaves behind.
   *
   * @throws Exception if interrupted
   */
  public static void run(PrintWriter out, String... args) throws Exception {
    int jobs = Demo.intArg(args, 0, "jobs", 5);
    Demo.heading(out, "leaky: a thread loops on BlockingQueue.take() and nobody can stop it");
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    AtomicInteger done = new AtomicInteger();
    LeakyConsumer.startWorker(queue, j -> done.incrementAndGet());
    for (int i = 0; i < jobs; i++) {
      queue.put("job-" + i);
    }
    Demo.observe(Duration.ofMillis(100));
    out.printf("processed %d jobs; %d worker thread still waiting in take() (orphaned-consumer)%n",
        done.get(), Demo.alive(LeakyConsumer.SPAWNED));
    LeakyConsumer.stopAll();

    Demo.heading(out, "leash: receive with a context; the caller closes the channel or the worker");
    Channel<String> ch = Channel.buffered(jobs);
    AtomicInteger handled = new AtomicInteger();
    try (LeashConsumer worker = LeashConsumer.start(Context.background(), ch, j -> handled.incrementAndGet())) {
      for (int i = 0; i < jobs; i++) {
        ch.send(Context.background(), "job-" + i);
      }
      ch.close();
      worker.awaitDrained();
    }
    out.printf("processed %d jobs; %d tasks of 'consumer' alive after close()%n", handled.get(),
        Demo.liveTasks("consumer"));
  }
}
