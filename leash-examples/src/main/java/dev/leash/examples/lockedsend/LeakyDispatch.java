package dev.leash.examples.lockedsend;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The leaky scenario of task 1.4 as a Java developer would start it: plain threads for the enqueuers and one slow
 * consumer, none of them owned by anybody.
 */
public final class LeakyDispatch {
  /** Every thread this class started; only the tests and the runner use it, to clean up after the leak. */
  static final List<Thread> SPAWNED = new CopyOnWriteArrayList<>();

  private LeakyDispatch() {}

  /** Starts {@code enqueuers} threads enqueuing one job each, and a consumer taking {@code consumeMillis} per job. */
  public static LeakyDispatcher start(int enqueuers, long consumeMillis) {
    LeakyDispatcher d = new LeakyDispatcher();
    for (int i = 0; i < enqueuers; i++) {
      String job = "job-" + i;
      spawn(() -> {
        try {
          d.enqueue(job);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    spawn(() -> {
      try {
        for (int i = 0; i < enqueuers; i++) {
          String job = d.next();
          Thread.sleep(consumeMillis); // the slow work
          d.done(job);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return d;
  }

  private static void spawn(Runnable r) {
    Thread t = new Thread(r);
    SPAWNED.add(t);
    t.start();
  }

  /** Interrupts and joins every thread this class started (test clean-up). */
  static void stopAll() throws InterruptedException {
    for (Thread t : SPAWNED) {
      t.interrupt();
    }
    for (Thread t : SPAWNED) {
      t.join();
    }
    SPAWNED.clear();
  }
}
