package dev.leash.examples.lockedsend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

/**
 * Seed 004 task 1.4, leaky: {@code enqueue} records the job as pending and hands it to the consumer while holding
 * the lock. The consumer acknowledges a job ({@link #done}) under the same lock, so as soon as it is slower than
 * the enqueuers, an enqueuer holds the lock while it waits for the consumer, and the consumer waits for the lock:
 * everyone is stuck for good. Pattern {@code lock-held-blocking}.
 */
public final class LeakyDispatcher {
  private final Object lock = new Object();
  private final List<String> pending = new ArrayList<>();
  private final SynchronousQueue<String> dispatch = new SynchronousQueue<>();

  /**
   * Records {@code job} as pending and hands it to the consumer, holding the lock throughout.
   *
   * @throws InterruptedException if interrupted while handing over
   */
  public void enqueue(String job) throws InterruptedException {
    synchronized (lock) {
      pending.add(job);
      dispatch.put(job); // the bug: a blocking hand-off with the lock held
    }
  }

  /**
   * The next job (the consumer's side).
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public String next() throws InterruptedException {
    return dispatch.take();
  }

  /** Marks {@code job} as handled. */
  public void done(String job) {
    synchronized (lock) {
      pending.remove(job);
    }
  }

  /** How many jobs are enqueued and not yet handled. */
  public int pendingCount() {
    synchronized (lock) {
      return pending.size();
    }
  }
}
