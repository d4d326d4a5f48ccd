package dev.leash;

import java.util.concurrent.CountDownLatch;

/**
 * Waiting that an owner's {@code close()} cannot skip: the one "wait even if interrupted" loop of the package. An
 * interrupt that arrives meanwhile is kept (restored once the wait is over), never lost and never a reason to stop
 * waiting.
 */
final class Latches {
  private Latches() {}

  /** A wait that may be cut short by an interrupt; retried from scratch, so timed waits use absolute deadlines. */
  @FunctionalInterface
  interface Blocking {
    void run() throws InterruptedException;
  }

  /** Runs {@code wait} until it returns without being interrupted; the interrupt is restored afterwards. */
  static void uninterruptibly(Blocking wait) {
    boolean interrupted = false;
    while (true) {
      try {
        wait.run();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for {@code latch} even if interrupted; the interrupt is restored afterwards, not lost. */
  static void awaitUninterruptibly(CountDownLatch latch) {
    uninterruptibly(latch::await);
  }

  /** Waits for {@code t} to end even if interrupted; the interrupt is restored afterwards. */
  static void joinUninterruptibly(Thread t) {
    uninterruptibly(t::join);
  }
}
