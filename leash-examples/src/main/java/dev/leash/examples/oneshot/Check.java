package dev.leash.examples.oneshot;

import dev.leash.Context;
import dev.leash.ContextCallable;
import dev.leash.Task;
import dev.leash.TaskGroup;
import java.util.function.BooleanSupplier;

/**
 * Seed 002 exercise 10, fixed with Leash: the one-shot worker is a {@link Task} forked in a {@link TaskGroup}. Its
 * result is kept in the task whether or not anyone takes it (Go's buffer of one), and leaving the block early
 * cancels the work and waits for it, so nothing outlives the call.
 */
public final class Check {
  private Check() {}

  /**
   * Starts {@code work}, then returns null if {@code shouldSkip}, else its result.
   *
   * @throws dev.leash.TaskFailedException if {@code work} failed
   * @throws InterruptedException if interrupted while waiting for the result
   */
  public static String check(Context ctx, ContextCallable<String> work, BooleanSupplier shouldSkip)
      throws InterruptedException {
    try (TaskGroup g = TaskGroup.builder().name("one-shot").open(ctx)) {
      Task<String> result = g.fork(work);
      if (shouldSkip.getAsBoolean()) {
        return null; // close() cancels the work and waits for it
      }
      return result.join();
    }
  }
}
