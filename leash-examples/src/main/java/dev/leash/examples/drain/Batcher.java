package dev.leash.examples.drain;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.TaskGroup;
import java.util.function.Consumer;

/**
 * Seed 002 exercise 15, fixed with Leash: items go into a {@link Channel}; the consumer is a for-each over
 * {@link Channel#values(Context)} in a {@link TaskGroup}. {@link #close()} closes the channel (later submits fail),
 * lets the consumer drain every item already accepted, and returns once it has ended. Cancelling the parent context
 * is the hard stop: the consumer leaves at once and what is still queued is not processed.
 */
public final class Batcher implements AutoCloseable {
  private final Channel<String> items;
  private final TaskGroup group;

  /**
   * Starts the consumer, which calls {@code process} on each item in order.
   *
   * @param capacity how many accepted items may wait; {@code submit} blocks beyond it
   */
  public Batcher(Context parent, int capacity, Consumer<String> process) {
    items = Channel.buffered(capacity);
    group = TaskGroup.builder().name("batcher").open(parent);
    group.go(c -> {
      for (String item : items.values(c)) {
        process.accept(item);
      }
    });
  }

  /**
   * Accepts {@code item}, blocking while the buffer is full.
   *
   * @throws dev.leash.ChannelClosedException if the batcher is closed; the item was not accepted
   * @throws dev.leash.CancelledException if {@code ctx} is done first; the item was not accepted
   */
  public void submit(Context ctx, String item) {
    items.send(ctx, item);
  }

  /**
   * Stops accepting, processes every accepted item, and waits for the consumer; idempotent. If the calling thread is
   * interrupted while waiting, the consumer is cancelled (what is queued is then lost), waited for, and the
   * interrupt kept.
   *
   * @throws dev.leash.TaskFailedException if {@code process} threw
   */
  @Override
  public void close() {
    items.close();
    try {
      group.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      group.close();
    }
  }
}
