package dev.leash.examples.consumer;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Seed 004 task 1.2, leaky: a worker thread takes jobs from a queue for ever. Nobody can stop it, and once the
 * producers are gone it waits in {@code take()} for the life of the JVM: pattern {@code orphaned-consumer}.
 */
public final class LeakyConsumer {
  /** Every thread this class started; only the tests and the runner use it, to clean up after the leak. */
  static final List<Thread> SPAWNED = new CopyOnWriteArrayList<>();

  private LeakyConsumer() {}

  /** Starts a thread that processes every job put into {@code in}; there is no way to stop it. */
  public static void startWorker(BlockingQueue<String> in, Consumer<String> process) {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          process.accept(in.take());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    SPAWNED.add(t);
    t.start();
  }

  /** Interrupts and joins every thread this class started (test clean-up). */
  static void stopAll() throws InterruptedException {
    for (Thread t : SPAWNED) {
      t.interrupt();
      t.join();
    }
    SPAWNED.clear();
  }
}
