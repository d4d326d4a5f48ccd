package dev.leash.examples.looprunner;

import dev.leash.Context;
import dev.leash.ContextRunnable;
import dev.leash.Loop;
import java.time.Duration;

/**
 * Seed 004 task 2.1, fixed with Leash: N threads sharing one context. Each runs {@code fn}, then parks on the
 * context for {@code interval}. {@link #close()} cancels once and waits for all N threads.
 */
public final class MultiLoopRunner implements AutoCloseable {
  private final Loop loop;

  /** Starts {@code n} threads, each running {@code fn} and then waiting {@code interval}, until closed. */
  public MultiLoopRunner(Context parent, int n, Duration interval, ContextRunnable fn) {
    loop = Loop.builder().name("multi-loop").workers(parent, n, c -> {
      fn.run(c);
      c.await(interval);
    });
  }

  /** How many of the loop's threads are alive. */
  public int liveCount() {
    return loop.liveCount();
  }

  /**
   * Cancels every loop and waits for all of them.
   *
   * @throws dev.leash.TaskFailedException if {@code fn} failed
   */
  @Override
  public void close() {
    loop.close();
  }
}
