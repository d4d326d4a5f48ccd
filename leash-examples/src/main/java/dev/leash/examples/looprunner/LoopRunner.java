package dev.leash.examples.looprunner;

import dev.leash.Context;
import dev.leash.ContextRunnable;
import dev.leash.Loop;
import java.time.Duration;

/**
 * Seed 004 task 2, fixed with Leash: an owned loop. {@code fn} receives the loop's context; {@link #close()} cancels
 * it (the wait between runs ends at once, a blocked {@code fn} is interrupted), waits for the thread, and is
 * idempotent and safe from many threads. A failure of {@code fn} stops the loop and is thrown by {@code close()}.
 */
public final class LoopRunner implements AutoCloseable {
  private final Loop loop;

  /** Runs {@code fn} at once and then every {@code interval} until {@code parent} is done or this is closed. */
  public LoopRunner(Context parent, Duration interval, ContextRunnable fn) {
    loop = Loop.builder().name("loop-runner").fixedRate(parent, interval, fn);
  }

  /**
   * Stops the loop and waits for its thread to end.
   *
   * @throws dev.leash.TaskFailedException if {@code fn} failed
   */
  @Override
  public void close() {
    loop.close();
  }
}
