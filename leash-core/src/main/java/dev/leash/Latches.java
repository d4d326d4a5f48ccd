package dev.leash;

import java.util.concurrent.CountDownLatch;

/** Waiting that an owner's {@code close()} cannot skip. */
final class Latches {
  private Latches() {}

  /** Waits for {@code latch} even if interrupted; the interrupt is restored afterwards, not lost. */
  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
