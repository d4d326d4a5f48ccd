package dev.leash.examples.fetch;

import dev.leash.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pretend web for the fetch examples: a URL answers after {@code latency}; a URL starting with {@code fail}
 * fails after a tenth of it. It counts fetches in flight (and the most at once), completed and cancelled.
 */
public final class FakeWeb {
  private final Duration latency;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition fetchEnded = lock.newCondition();

  /**
   * A web whose pages take {@code latency} to load.
   *
   * @throws IllegalArgumentException if {@code latency} is negative
   */
  public FakeWeb(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + latency);
    }
    this.latency = latency;
  }

  /**
   * Fetches {@code url}, giving up when {@code ctx} is done.
   *
   * @throws IOException if the URL starts with {@code fail}
   * @throws dev.leash.CancelledException if {@code ctx} is done first
   * @throws InterruptedException if interrupted
   */
  public String fetch(Context ctx, String url) throws IOException, InterruptedException {
    enter();
    try {
      boolean fails = url.startsWith("fail");
      if (ctx.await(fails ? latency.dividedBy(10) : latency)) {
        cancelled.incrementAndGet();
        ctx.throwIfDone();
      }
      return answer(url, fails);
    } catch (InterruptedException e) {
      cancelled.incrementAndGet();
      throw e;
    } finally {
      exit();
    }
  }

  /**
   * Fetches {@code url} the plain way: sleeps, cannot be cancelled.
   *
   * @throws IOException if the URL starts with {@code fail}
   * @throws InterruptedException if interrupted
   */
  public String fetch(String url) throws IOException, InterruptedException {
    enter();
    try {
      boolean fails = url.startsWith("fail");
      Thread.sleep(fails ? latency.dividedBy(10) : latency);
      return answer(url, fails);
    } finally {
      exit();
    }
  }

  private void exit() {
    inFlight.decrementAndGet();
    ended.incrementAndGet();
    lock.lock();
    try {
      fetchEnded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code count} fetches have ended (whatever the outcome), at most {@code timeout}.
   *
   * @return whether they have
   * @throws InterruptedException if interrupted
   */
  public boolean awaitEnded(int count, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (ended.get() < count) {
        if (nanos <= 0) {
          return false;
        }
        nanos = fetchEnded.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void enter() {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  private String answer(String url, boolean fails) throws IOException {
    if (fails) {
      throw new IOException("GET " + url + ": 503");
    }
    completed.incrementAndGet();
    return "body of " + url;
  }

  /** The most fetches in flight at once so far. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Fetches that returned a body. */
  public int completed() {
    return completed.get();
  }

  /** Fetches that gave up because their context was done or they were interrupted. */
  public int cancelled() {
    return cancelled.get();
  }

  /** Fetches in flight now. */
  public int inFlight() {
    return inFlight.get();
  }
}
