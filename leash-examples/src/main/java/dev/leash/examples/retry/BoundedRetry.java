package dev.leash.examples.retry;

import dev.leash.Context;
import dev.leash.ContextRunnable;
import dev.leash.Retry;
import dev.leash.TaskGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Seed 002 exercise 14, fixed with Leash: each item is retried serially by a {@link Retry} (bounded attempts,
 * backoff parked on the context), and the items run in a {@link TaskGroup} with a {@link TaskGroup.Builder#limit
 * limit}, the seed's "bounded retry queue with a worker pool". At most {@code limit} items are in flight, each makes
 * at most {@code maxAttempts} calls, and the call returns when every item has succeeded or given up.
 */
public final class BoundedRetry {
  private BoundedRetry() {}

  /**
   * Runs {@code action.apply(item)} for every item, each with {@code retry}, at most {@code limit} at once.
   *
   * @return the items that failed for good, with their last failure (earlier attempts suppressed)
   * @throws IllegalArgumentException if {@code limit < 1}
   * @throws InterruptedException if interrupted while waiting (the retries are cancelled and waited for first)
   */
  public static <I> Map<I, Exception> runAll(Context ctx, List<I> items, int limit, Retry retry,
      Function<I, ContextRunnable> action) throws InterruptedException {
    Map<I, Exception> failed = new ConcurrentHashMap<>();
    try (TaskGroup g = TaskGroup.builder().name("retry").limit(limit).open(ctx)) {
      for (I item : items) {
        g.go(c -> {
          try {
            retry.run(c, action.apply(item));
          } catch (Exception e) {
            failed.put(item, e); // reported to the caller, not thrown: one item giving up must not cancel the rest
          }
        });
      }
      g.await();
    }
    return failed;
  }
}
