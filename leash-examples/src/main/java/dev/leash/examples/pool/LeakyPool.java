package dev.leash.examples.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Consumer;

/**
 * Seed 004 task 6, leaky: a hand-rolled pool. Workers loop on {@code take()}; {@code close()} sets a flag the
 * workers only look at after their next job, which never comes. They wait for ever: pattern
 * {@code orphaned-consumer}. Jobs handed over before close are run; nothing tells the caller which.
 *
 * @param <J> the job type
 */
public final class LeakyPool<J> implements AutoCloseable {
  private final SynchronousQueue<J> in = new SynchronousQueue<>();
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Starts {@code size} worker threads calling {@code handle} for every job. */
  public LeakyPool(int size, Consumer<J> handle) {
    for (int i = 0; i < size; i++) {
      Thread t = new Thread(() -> {
        try {
          while (!closed) {
            handle.accept(in.take());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      workers.add(t);
      t.start();
    }
  }

  /**
   * Hands {@code job} to a worker, waiting until one is free.
   *
   * @throws IllegalStateException if the pool is closed
   * @throws InterruptedException if interrupted while waiting
   */
  public void submit(J job) throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("pool closed");
    }
    in.put(job);
  }

  /** Marks the pool closed; does not wake or wait for the workers. */
  @Override
  public void close() {
    closed = true;
  }

  /** The worker threads (test clean-up and the runner's report). */
  List<Thread> workers() {
    return workers;
  }

  /** Interrupts and joins the workers (test clean-up). */
  void stopWorkers() throws InterruptedException {
    for (Thread t : workers) {
      t.interrupt();
      t.join();
    }
  }
}
