package dev.leash.examples.drain;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Seed 002 exercise 15, leaky: a consumer that exits on shutdown without draining. {@code submit} accepts items into
 * a queue; {@code close()} is {@code shutdownNow()} + {@code awaitTermination}, so the worker's {@code take()} is
 * interrupted and it leaves. No thread leaks (the executor is shut down and waited for): the loss is every accepted
 * item still in the queue, counted by {@link #unprocessed()}.
 */
public final class LeakyBatcher implements AutoCloseable {
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  /** Starts the worker, which calls {@code process} on each item in order. */
  public LeakyBatcher(Consumer<String> process) {
    worker.execute(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          process.accept(queue.take());
        }
      } catch (InterruptedException e) {
        // shutting down
      }
    });
  }

  /** Accepts {@code item} for processing. */
  public void submit(String item) {
    queue.add(item);
  }

  /**
   * Stops the worker and waits for it.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public void close() throws InterruptedException {
    worker.shutdownNow();
    worker.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Accepted items that were never processed. */
  public int unprocessed() {
    return queue.size();
  }
}
