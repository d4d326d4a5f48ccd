package dev.leash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 004 task 7's leaky mini-service, refactored with Leash: messages are consumed by a {@link WorkerPool} (10 ms
 * per message), a {@link Loop} flushes periodically, and optional extra workers model the goroutines of tasks 8 and
 * 8.1. Everything hangs off one context and one {@link #close()}.
 */
final class MiniService implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  final String name = "mini-" + INSTANCES.incrementAndGet();
  final Queue<String> printed = new ConcurrentLinkedQueue<>();
  final AtomicInteger flushes = new AtomicInteger();
  final AtomicInteger shutdowns = new AtomicInteger();

  private final CancellableContext ctx;
  private final WorkerPool<String> consumer;
  private final Loop flusher;
  private final List<Loop> extras = new ArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  /**
   * Starts the service under {@code parent}; each of {@code extraWorkers} runs in its own loop worker until the
   * service stops.
   */
  MiniService(Context parent, Duration flushEvery, ContextRunnable... extraWorkers) {
    ctx = parent.withCancel();
    consumer = WorkerPool.<String>builder((c, msg) -> {
      Thread.sleep(10); // the seed's 10 ms of processing per message: the work itself, not a wait for a thread
      printed.add(msg);
    }).name(name + "-consume").workers(1).open(ctx);
    flusher = Loop.builder().name(name + "-flush").fixedRate(ctx, flushEvery, c -> flushes.incrementAndGet());
    for (int i = 0; i < extraWorkers.length; i++) {
      extras.add(Loop.builder().name(name + "-extra" + i).workers(ctx, 1, extraWorkers[i]));
    }
  }

  /**
   * Hands {@code msg} to the consumer, waiting while it is busy.
   *
   * @throws PoolClosedException once the service is closed
   */
  void submit(String msg) {
    consumer.submit(ctx, msg);
  }

  /** Drains accepted messages, stops everything, waits for every thread. Once, from any number of threads. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    shutdowns.incrementAndGet();
    RuntimeException first = null;
    try {
      consumer.close();
    } catch (RuntimeException e) {
      first = e;
    }
    ctx.cancel();
    for (Loop l : listOfLoops()) {
      try {
        l.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    closed.countDown();
    if (first != null && !(first instanceof CancelledException)) {
      throw first;
    }
  }

  /** Whether any thread of this service is still listed by {@link Leash#tasks()}. */
  boolean hasLiveTasks() {
    return Leash.tasks().stream().anyMatch(o -> o.name().startsWith(name + "-"));
  }

  private List<Loop> listOfLoops() {
    List<Loop> all = new ArrayList<>(extras);
    all.add(0, flusher);
    return all;
  }
}
