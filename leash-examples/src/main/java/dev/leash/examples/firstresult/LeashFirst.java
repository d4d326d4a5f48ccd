package dev.leash.examples.firstresult;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.TaskGroup;
import java.util.List;

/**
 * Seed 004 task 1.1, fixed with Leash: the fetches run in a {@link TaskGroup} and send on a {@link Channel} with
 * their context. When the first result is in, closing the group cancels the senders still blocked in
 * {@code send} and waits for them: nothing outlives the call.
 */
public final class LeashFirst {
  private LeashFirst() {}

  /**
   * The first result of fetching {@code urls}; every fetch thread has ended when this returns.
   *
   * @throws IllegalArgumentException if {@code urls} is empty
   * @throws dev.leash.CancelledException if {@code ctx} is done before a result arrives
   */
  public static String first(Context ctx, List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("urls must not be empty");
    }
    Channel<String> ch = Channel.unbuffered();
    try (TaskGroup g = TaskGroup.builder().name("first").open(ctx)) {
      for (String u : urls) {
        g.go(c -> ch.send(c, LeakyFirst.fetch(u)));
      }
      return ch.receive(ctx).orElseThrow();
    }
  }
}
