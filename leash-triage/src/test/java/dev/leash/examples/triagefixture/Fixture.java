package dev.leash.examples.triagefixture;

import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leaky code the way Leash's examples write it, in a {@code dev.leash.examples} sub-package: a spinner polling a
 * queue without pause and a consumer blocked on a queue nobody feeds.
 */
final class Fixture {
  private Fixture() {}

  /** A thread polling {@code in} in a loop that never blocks, until {@code stop}; {@code running} once looping. */
  static Thread spinner(Queue<String> in, AtomicBoolean stop, CountDownLatch running) {
    return Thread.ofPlatform().name("example-spinner").start(() -> {
      running.countDown();
      while (!stop.get()) {
        String job = in.poll();
        if (job != null) {
          stop.set(true);
        }
      }
    });
  }

  /** A thread blocked taking from {@code in} until interrupted. */
  static Thread consumer(BlockingQueue<String> in) {
    return Thread.ofPlatform().name("example-consumer").start(() -> {
      try {
        in.take();
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
