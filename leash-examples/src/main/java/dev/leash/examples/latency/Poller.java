package dev.leash.examples.latency;

import dev.leash.Context;
import dev.leash.ContextRunnable;
import dev.leash.Loop;
import java.time.Duration;

/**
 * Seed 004 task 8, fixed with Leash: the wait between polls parks on the context (Go's
 * {@code select { case <-ctx.Done(): case <-time.After(d): }}), so cancelling the parent or closing the poller
 * ends it at once; {@link #close()} returns when the thread has ended.
 */
public final class Poller implements AutoCloseable {
  private final Loop loop;

  /** Calls {@code poll} at once and then {@code interval} after each run, until {@code parent} is done or closed. */
  public Poller(Context parent, Duration interval, ContextRunnable poll) {
    loop = Loop.builder().name("poller").fixedDelay(parent, interval, poll);
  }

  /**
   * Waits until the poller has stopped (after its parent was cancelled).
   *
   * @throws InterruptedException if interrupted
   */
  public void await() throws InterruptedException {
    loop.await();
  }

  /** Cancels the poller and waits for its thread; idempotent. */
  @Override
  public void close() {
    loop.close();
  }
}
