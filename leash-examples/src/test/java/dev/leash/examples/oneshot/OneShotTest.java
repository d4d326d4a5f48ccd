package dev.leash.examples.oneshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OneShotTest {

  @Test
  void aSkippedLeakyCallLeavesItsWorkerInPut() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      assertThat(LeakyCheck.check(() -> "ok", () -> false)).isEqualTo("ok");
      for (int i = 0; i < 3; i++) {
        assertThat(LeakyCheck.check(() -> "ok", () -> true)).isNull();
      }
      assertThat(check.assertLeaks("abandoned-producer")).containsEntry("abandoned-producer", 3);
    } finally {
      LeakyCheck.stopAll();
    }
  }

  @Test
  void theLeashCheckLeavesNothingWhetherSkippedOrNot() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int i = 0; i < 200; i++) {
      boolean skip = i % 2 == 0;
      String r = Check.check(Context.background(), c -> "ok", () -> skip);
      assertThat(r).isEqualTo(skip ? null : "ok");
    }
    check.assertNone();
  }

  @Test
  void skippingCancelsWorkStillInProgress() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger cancelled = new AtomicInteger();
    String r = Check.check(Context.background(), c -> {
      started.countDown();
      try {
        c.await(); // slow work: runs until its context is done
      } finally {
        cancelled.incrementAndGet();
      }
      c.throwIfDone();
      return "late";
    }, () -> {
      try {
        started.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return true;
    });
    assertThat(r).isNull();
    assertThat(cancelled.get()).as("the work saw its cancel before check() returned").isEqualTo(1);
    check.assertNone();
  }
}
