package dev.leash.examples.firstresult;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;

/**
 * Seed 004 task 1.1, leaky: one thread per URL hands its result over a {@link SynchronousQueue} (an unbuffered
 * channel); the caller takes the first and returns. Every other sender stays blocked in {@code put} for ever:
 * pattern {@code abandoned-producer}.
 */
public final class LeakyFirst {
  /** Every thread this class started; only the tests and the runner use it, to clean up after the leak. */
  static final List<Thread> SPAWNED = new CopyOnWriteArrayList<>();

  private LeakyFirst() {}

  /**
   * The first result of fetching {@code urls}; leaves {@code urls.size() - 1} threads behind.
   *
   * @throws InterruptedException if interrupted while waiting for the first result
   */
  public static String first(List<String> urls) throws InterruptedException {
    SynchronousQueue<String> ch = new SynchronousQueue<>();
    for (String u : urls) {
      Thread t = new Thread(() -> {
        try {
          ch.put(fetch(u));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      SPAWNED.add(t);
      t.start();
    }
    return ch.take();
  }

  static String fetch(String url) {
    return "result of " + url;
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
