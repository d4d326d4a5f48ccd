package dev.leash.examples.busywait;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.TaskGroup;
import java.util.function.Consumer;

/**
 * Seed 004 task 1.3, fixed with Leash: the worker blocks in {@link Channel#receive} (parked, no CPU) until a value
 * arrives, the channel ends or its context is done. {@link #close()} cancels it and waits for it.
 */
public final class LeashReceiver implements AutoCloseable {
  private final TaskGroup group;

  private LeashReceiver(TaskGroup group) {
    this.group = group;
  }

  /**
   * Starts a worker on a platform thread (so its CPU time can be measured) processing the values of {@code in}.
   * {@code onStart} receives the worker thread.
   */
  public static LeashReceiver start(Context ctx, Channel<String> in, Consumer<String> process,
      Consumer<Thread> onStart) {
    TaskGroup g = TaskGroup.builder().name("receiver").platformThreads().open(ctx);
    g.go(c -> {
      onStart.accept(Thread.currentThread());
      for (String job : in.values(c)) {
        process.accept(job);
      }
    });
    return new LeashReceiver(g);
  }

  /** Cancels the worker and waits for its thread to end; idempotent. */
  @Override
  public void close() {
    group.close();
  }
}
