package dev.leash.examples.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 004 task 9, leaky: the restart loop a Java developer writes first. Each child runs on a raw thread that
 * calls it, catches whatever it throws, sleeps through the backoff (swallowing the interrupt) and calls it again.
 * {@code close()} sets a flag and returns: nobody joins the threads, the child has no stop signal, and a thread in
 * its backoff sleeps on after {@code close()}: pattern {@code unstopped-scheduler}.
 */
public final class LeakyRestarter implements AutoCloseable {
  private final Duration backoff;
  private volatile boolean closed;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  /** A restarter that waits {@code backoff} before each restart (the seed: 1 s). */
  public LeakyRestarter(Duration backoff) {
    this.backoff = backoff;
  }

  /** Runs {@code fn} on a new thread; restarts it after the backoff when it throws, not when it returns. */
  public void spawn(String name, Callable<?> fn) {
    Thread t = new Thread(() -> {
      while (!closed) {
        try {
          fn.call();
          return;
        } catch (Throwable e) {
          System.err.println("child " + name + " failed, restarting in " + backoff + ": " + e);
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ignored) {
          // swallowed: "the loop checks closed anyway"
        }
      }
    }, name);
    threads.add(t);
    t.start();
  }

  /** Asks the children to stop; returns at once, without waiting for them. */
  @Override
  public void close() {
    closed = true;
  }

  /** The children's threads (test clean-up and the runner only: callers have no such thing). */
  List<Thread> threads() {
    return threads;
  }
}
