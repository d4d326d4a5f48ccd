package dev.leash.examples.busywait;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Seed 004 task 1.3, leaky: Go's {@code for { select { case j := <-in: ...; default: } }} in Java: a thread polls a
 * non-blocking queue in a loop that never blocks. It burns a core while idle and nobody owns it to stop it:
 * pattern {@code busy-spin}.
 */
public final class LeakySpinner {
  /** Every thread this class started; only the tests and the runner use it, to clean up after the leak. */
  static final List<Thread> SPAWNED = new CopyOnWriteArrayList<>();

  private LeakySpinner() {}

  /** Starts a thread that processes whatever appears in {@code in}, polling it without pause. */
  public static void start(Queue<String> in, Consumer<String> process) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        String job = in.poll();
        if (job != null) {
          process.accept(job);
        }
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
