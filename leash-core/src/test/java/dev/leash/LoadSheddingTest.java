package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Seed 004 task 6.1: {@link WorkerPool#trySubmit} sheds load when submissions arrive faster than the workers can take
 * them, and absorbs short bursts.
 */
class LoadSheddingTest {
  private final Context bg = Context.background();

  /**
   * 1,000 trySubmits (100 ms timeout, each on its own thread, like incoming requests) at 10 ms intervals, two per
   * tick, to 5 workers with 50 ms jobs and no queue. The seed's figures put one submission per tick, which equals the
   * pool's capacity (5 / 50 ms = 100 per second) and leaves the split to chance; two per tick make the sustained rate
   * twice the capacity, as the seed's checklist asks ("sustained submit rate above worker capacity").
   */
  @Test
  void sustainedOverloadIsShedQuicklyWhileCapacityIsUsed() throws Exception {
    int total = 1000;
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(100);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger shed = new AtomicInteger();
    AtomicLongArray shedLatency = new AtomicLongArray(total);
    AtomicInteger issued = new AtomicInteger();
    CountDownLatch allIssued = new CountDownLatch(1);
    long t0;
    long elapsed;
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> Thread.sleep(50))
        .workers(5).queueCapacity(0).open(bg);
    try (TaskGroup requests = TaskGroup.open(bg)) {
      t0 = System.nanoTime();
      try (Loop ticker = Loop.fixedRate(bg, Duration.ofMillis(10), c -> {
        for (int k = 0; k < 2; k++) {
          int id = issued.getAndIncrement();
          if (id >= total) {
            allIssued.countDown();
            return;
          }
          requests.go(r -> {
            long start = System.nanoTime();
            try {
              pool.trySubmit(id, Duration.ofNanos(timeoutNanos));
              accepted.incrementAndGet();
            } catch (PoolFullException e) {
              shedLatency.set(shed.getAndIncrement(), System.nanoTime() - start);
            }
          });
        }
      })) {
        allIssued.await();
      }
      requests.await();
      elapsed = System.nanoTime() - t0;
    }
    pool.close();

    int ok = accepted.get();
    int rejected = shed.get();
    assertThat(ok + rejected).isEqualTo(total);
    // The pool can take at most one job per worker per 50 ms over the run (plus one per worker at the start).
    long capacity = 5 * (elapsed / TimeUnit.MILLISECONDS.toNanos(50)) + 5;
    System.out.printf("accepted %d, shed %d, run %.0f ms, capacity bound %d%n", ok, rejected, elapsed / 1e6, capacity);
    assertThat(ok).as("accepted no more than the workers could take").isLessThanOrEqualTo((int) capacity);
    assertThat(ok).as("the workers were kept busy").isGreaterThanOrEqualTo((int) (capacity * 0.6));
    assertThat(rejected).as("overload was shed").isGreaterThanOrEqualTo(total / 5);
    long[] lat = new long[rejected];
    for (int i = 0; i < rejected; i++) {
      lat[i] = shedLatency.get(i);
    }
    Arrays.sort(lat);
    assertThat(lat[0]).as("a rejection waits the timeout").isGreaterThanOrEqualTo(timeoutNanos);
    assertThat(lat[rejected / 2]).as("and not much longer (median)").isLessThan(timeoutNanos * 3);
    assertThat(pool.stats()).extracting(PoolStats::submitted, PoolStats::rejected, PoolStats::completed)
        .containsExactly((long) ok, (long) rejected, (long) ok);
  }

  @Test
  void burstWithinTheTimeoutIsAbsorbed() throws Exception {
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> Thread.sleep(50))
        .workers(5).queueCapacity(0).open(bg);
    AtomicInteger accepted = new AtomicInteger();
    try (TaskGroup burst = TaskGroup.open(bg)) {
      for (int i = 0; i < 10; i++) {
        int id = i;
        burst.go(c -> {
          pool.trySubmit(id, Duration.ofMillis(500));
          accepted.incrementAndGet();
        });
      }
      burst.await();
    }
    pool.close();
    assertThat(accepted).hasValue(10);
    assertThat(pool.stats().rejected()).isZero();
  }
}
