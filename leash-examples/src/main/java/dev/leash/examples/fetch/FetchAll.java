package dev.leash.examples.fetch;

import dev.leash.Context;
import dev.leash.Task;
import dev.leash.TaskGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004 tasks 3.1 and 3.2, fixed with Leash (Go's errgroup): every fetch runs in one {@link TaskGroup} and gets
 * the group's context. The first failure cancels the others at once (their waits end, their threads are
 * interrupted); with a limit, at most that many run at a time. Nothing outlives the call, failed or not.
 */
public final class FetchAll {
  private FetchAll() {}

  /**
   * The bodies of {@code urls} in order, fetched concurrently, all at once.
   *
   * @throws dev.leash.TaskFailedException whose cause is the first failure
   * @throws InterruptedException if interrupted while waiting
   */
  public static List<String> fetchAll(Context ctx, FakeWeb web, List<String> urls) throws InterruptedException {
    return fetch(TaskGroup.builder().name("fetch-all"), ctx, web, urls);
  }

  /**
   * Like {@link #fetchAll} with at most {@code limit} fetches in flight.
   *
   * @throws IllegalArgumentException if {@code limit < 1}
   * @throws dev.leash.TaskFailedException whose cause is the first failure
   * @throws InterruptedException if interrupted while waiting
   */
  public static List<String> fetchBounded(Context ctx, FakeWeb web, List<String> urls, int limit)
      throws InterruptedException {
    return fetch(TaskGroup.builder().name("fetch-bounded").limit(limit), ctx, web, urls);
  }

  private static List<String> fetch(TaskGroup.Builder b, Context ctx, FakeWeb web, List<String> urls)
      throws InterruptedException {
    try (TaskGroup g = b.open(ctx)) {
      List<Task<String>> tasks = new ArrayList<>();
      for (String u : urls) {
        if (g.context().isDone()) {
          break; // a fetch failed: start no more, await() below throws the failure
        }
        tasks.add(g.fork(c -> web.fetch(c, u)));
      }
      g.await();
      return tasks.stream().map(Task::resultNow).toList();
    }
  }
}
