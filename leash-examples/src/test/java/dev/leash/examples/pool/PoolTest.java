package dev.leash.examples.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PoolTest {

  @Test
  void leakyPoolWorkersWaitInTakeAfterClose() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch handled = new CountDownLatch(10);
    LeakyPool<Integer> pool = new LeakyPool<>(3, j -> handled.countDown());
    try {
      for (int i = 0; i < 10; i++) {
        pool.submit(i);
      }
      handled.await();
      pool.close();
      // a worker that was still finishing a job when close() came sees the flag and ends; the others never will
      assertThat(check.assertLeaks("orphaned-consumer").get("orphaned-consumer")).isBetween(1, 3);
    } finally {
      pool.stopWorkers();
    }
  }

  @Test
  void closingMidFlightRunsEveryAcceptedJob() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int round = 0; round < 5; round++) {
      PoolExample.Outcome o = PoolExample.closeMidFlight(Context.background(), 1000, 100);
      assertThat(o.handled()).isEqualTo(o.accepted());
      assertThat(o.accepted()).isGreaterThanOrEqualTo(100);
      assertThat(o.accepted() + o.refused()).isEqualTo(1000);
      assertThat(o.refused()).as("closed mid-flight").isPositive();
      assertThat(o.stats().submitted()).isEqualTo(o.accepted());
      assertThat(o.stats().completed()).isEqualTo(o.accepted());
    }
    check.assertNone();
  }

  @Test
  void leakyShedderLeavesAnIdleExecutor() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      SheddingExample.Outcome o = SheddingExample.leaky(20, 5);
      assertThat(o.accepted() + o.rejected()).isEqualTo(100);
      check.assertLeaks("idle-executor");
    } finally {
      LeakyShedder.stopAll();
    }
  }

  @Test
  void sheddingRejectsAboveCapacityAfterTheTimeoutAndRunsWhatItAccepts() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    SheddingExample.Outcome o = SheddingExample.leash(Context.background(), 20, 5);
    assertThat(o.accepted() + o.rejected()).isEqualTo(100);
    assertThat(o.accepted()).isPositive();
    assertThat(o.rejected()).isPositive();
    assertThat(o.handled()).isEqualTo(o.accepted());
    assertThat(o.shortestRejectMillis()).as("every rejection waits the 100 ms first").isGreaterThanOrEqualTo(90L);
    assertThat(o.longestRejectMillis()).as("and not much longer").isLessThan(2000L);
    check.assertNone();
  }
}
