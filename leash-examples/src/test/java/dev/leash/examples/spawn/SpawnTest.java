package dev.leash.examples.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpawnTest {

  @Test
  void spawnPerItemReturnsWithAThreadPerJobOwnedByNobody() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch downstream = new CountDownLatch(1);
    SpawnExample.Gauge gauge = new SpawnExample.Gauge();
    List<Integer> jobs = IntStream.range(0, 200).boxed().toList();
    try {
      LeakySpawner.processAll(jobs, j -> gauge.during(() -> {
        try {
          downstream.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      assertThat(LeakySpawner.alive()).as("threads alive when processAll returned").isEqualTo(200);
      assertThat(check.assertLeaks("orphaned-consumer")).containsEntry("orphaned-consumer", 200);
      assertThat(gauge.peak()).as("all 200 in flight at once").isEqualTo(200);
    } finally {
      downstream.countDown();
      LeakySpawner.joinAll();
    }
  }

  @Test
  void theWorkerPoolBoundsConcurrencyAndFinishesEveryJobBeforeReturning() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int round = 0; round < 5; round++) {
      SpawnExample.Gauge gauge = new SpawnExample.Gauge();
      AtomicInteger sum = new AtomicInteger();
      List<Integer> jobs = IntStream.range(0, 10_000).boxed().toList();
      PooledProcessor.processAll(Context.background(), jobs, 16, (c, j) -> gauge.during(() -> sum.addAndGet(j)));
      assertThat(gauge.done()).isEqualTo(10_000);
      assertThat(sum.get()).isEqualTo(10_000 * 9_999 / 2);
      assertThat(gauge.peak()).isBetween(1, 16);
    }
    check.assertNone();
  }
}
