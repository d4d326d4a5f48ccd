package dev.leash.examples.consumer;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.TaskGroup;
import java.util.function.Consumer;

/**
 * Seed 004 task 1.2, fixed with Leash: the worker receives with its context, ends when the channel is closed and
 * drained or the context is done, and the caller holds it as an {@link AutoCloseable}: {@link #close()} cancels it
 * and waits until its thread has ended.
 */
public final class LeashConsumer implements AutoCloseable {
  private final TaskGroup group;

  private LeashConsumer(TaskGroup group) {
    this.group = group;
  }

  /**
   * Starts a worker that processes every value sent on {@code in} until it is closed and drained, or until
   * {@code ctx} is done or the returned worker is closed.
   */
  public static LeashConsumer start(Context ctx, Channel<String> in, Consumer<String> process) {
    TaskGroup g = TaskGroup.builder().name("consumer").open(ctx);
    g.go(c -> {
      for (String job : in.values(c)) {
        process.accept(job);
      }
    });
    return new LeashConsumer(g);
  }

  /**
   * Waits until the worker has processed everything up to the channel's end.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitDrained() throws InterruptedException {
    group.await();
  }

  /** Cancels the worker and waits for its thread to end; idempotent, safe from many threads. */
  @Override
  public void close() {
    group.close();
  }
}
