package dev.leash.examples.lockedsend;

import dev.leash.Channel;
import dev.leash.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Seed 004 task 1.4, fixed: the lock guards only the pending list; the hand-off happens after it is released and
 * takes the caller's context, so it can be cancelled. A hand-off that fails takes its job off the pending list
 * again, so the list and the channel stay consistent.
 */
public final class LeashDispatcher {
  private final ReentrantLock lock = new ReentrantLock();
  private final List<String> pending = new ArrayList<>();
  private final Channel<String> dispatch = Channel.unbuffered();

  /**
   * Records {@code job} as pending, releases the lock, then hands it to the consumer.
   *
   * @throws dev.leash.CancelledException if {@code ctx} is done first (the job is no longer pending)
   */
  public void enqueue(Context ctx, String job) {
    lock.lock();
    try {
      pending.add(job);
    } finally {
      lock.unlock();
    }
    try {
      dispatch.send(ctx, job);
    } catch (RuntimeException e) {
      done(job);
      throw e;
    }
  }

  /**
   * The next job, or empty once {@link #close()} was called and nothing is left.
   *
   * @throws dev.leash.CancelledException if {@code ctx} is done first
   */
  public Optional<String> next(Context ctx) {
    return dispatch.receive(ctx);
  }

  /** Marks {@code job} as handled. */
  public void done(String job) {
    lock.lock();
    try {
      pending.remove(job);
    } finally {
      lock.unlock();
    }
  }

  /** How many jobs are enqueued and not yet handled; never blocks behind a hand-off. */
  public int pendingCount() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream of jobs: enqueuers still blocked fail, the consumer sees the end. */
  public void close() {
    dispatch.close();
  }
}
