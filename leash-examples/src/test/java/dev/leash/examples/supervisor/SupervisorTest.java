package dev.leash.examples.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Context;
import dev.leash.Supervisor;
import dev.leash.SupervisorEvent;
import dev.leash.examples.ExpectLeak;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisorTest {

  @Test
  void leakyRestarterSleepsOnAfterClose() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    LeakyRestarter r = new LeakyRestarter(Duration.ofSeconds(5));
    CountDownLatch failed = new CountDownLatch(1);
    try {
      r.spawn("panicky", () -> {
        failed.countDown();
        throw new IllegalStateException("panic");
      });
      failed.await();
      r.close();
      assertThat(check.assertLeaks("unstopped-scheduler")).containsEntry("unstopped-scheduler", 1);
    } finally {
      for (Thread t : r.threads()) {
        t.interrupt(); // swallowed, but closed is set: the loop ends
        t.join();
      }
    }
  }

  @Test
  void aChildThatThrowsEveryTimeIsRestartedUntilClose() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch fiveRestarts = new CountDownLatch(5);
    AtomicInteger restartEvents = new AtomicInteger();
    Supervisor sup = Restarter.start(Context.background(), "panicky", Duration.ofMillis(5), c -> {
      runs.incrementAndGet();
      throw new IllegalStateException("panic " + runs.get());
    }, e -> {
      if (e instanceof SupervisorEvent.Restarting r) {
        restartEvents.incrementAndGet();
        fiveRestarts.countDown();
      }
    });
    try {
      fiveRestarts.await();
    } finally {
      sup.close();
    }
    assertThat(sup.isEnded()).isTrue();
    assertThat(runs.get()).isGreaterThanOrEqualTo(5);
    int atClose = runs.get();
    assertThat(restartEvents.get()).isBetween(atClose - 1, atClose);
    check.assertNone();
    assertThat(runs.get()).as("no run after close()").isEqualTo(atClose);
  }

  @Test
  void closeCutsTheBackoffShort() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch restarting = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Supervisor sup = Restarter.start(Context.background(), "panicky", Duration.ofSeconds(10), c -> {
      runs.incrementAndGet();
      throw new IllegalStateException("panic");
    }, e -> {
      if (e instanceof SupervisorEvent.Restarting) {
        restarting.countDown();
      }
    });
    long took;
    try {
      restarting.await();
    } finally {
      long t0 = System.nanoTime();
      sup.close();
      took = (System.nanoTime() - t0) / 1_000_000;
    }
    assertThat(took).as("close() during a 10 s backoff, ms").isLessThan(1000);
    assertThat(runs.get()).isEqualTo(1);
    check.assertNone();
  }

  @Test
  void aChildThatReturnsIsNotRestarted() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    AtomicInteger runs = new AtomicInteger();
    try (Supervisor sup = Restarter.start(Context.background(), "once", Duration.ofMillis(5),
        c -> runs.incrementAndGet(), e -> {})) {
      sup.await(); // ends by itself: no child left to run
    }
    assertThat(runs.get()).isEqualTo(1);
    check.assertNone();
  }

  @Test
  void aChildBlockedInItsWorkIsInterruptedByClose() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    Supervisor sup = Restarter.start(Context.background(), "blocker", Duration.ofMillis(5), c -> {
      blocked.countDown();
      try {
        new CountDownLatch(1).await(); // waits for ever unless interrupted
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
      }
    }, e -> {});
    try {
      blocked.await();
    } finally {
      sup.close();
    }
    assertThat(interrupted.get()).isEqualTo(1);
    check.assertNone();
  }
}
