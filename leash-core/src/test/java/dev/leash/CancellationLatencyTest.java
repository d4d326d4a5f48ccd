package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seed 004 tasks 8 and 8.1: from cancelling the service's parent context to every thread of it gone, within 100 ms
 * (median of 5 runs, to tolerate a loaded machine).
 */
class CancellationLatencyTest {
  private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int RUNS = 5;
  static volatile long sink;

  /** Counts towards 10^9 and checks the context every 2^20 iterations (about a millisecond). */
  private static ContextRunnable cpuBound(CountDownLatch started) {
    return c -> {
      started.countDown();
      long x = 0;
      for (long i = 0; i < 1_000_000_000L; i++) {
        if ((i & 0xFFFFF) == 0 && c.isDone()) {
          break;
        }
        x += i ^ (x >>> 3);
      }
      sink = x;
    };
  }

  /** A worker that sleeps 200 ms per round in {@code Thread.sleep}: Leash interrupts it on cancellation. */
  private static ContextRunnable interruptibleSleeper(CountDownLatch started) {
    return c -> {
      started.countDown();
      Thread.sleep(200);
    };
  }

  /** The seed's fix: wait 200 ms or until the context is done, whichever comes first. */
  private static ContextRunnable contextAwareWait(CountDownLatch started) {
    return c -> {
      started.countDown();
      c.await(Duration.ofMillis(200));
    };
  }

  /** The seed's bug: sleeps 200 ms and ignores both the context and interrupts. */
  private static ContextRunnable ignoresContext(CountDownLatch started) {
    return c -> {
      started.countDown();
      LoopTest.uninterruptibleWork(200);
    };
  }

  private interface Workers {
    ContextRunnable[] make(CountDownLatch started);
  }

  private static long medianLatency(int workers, Workers make) throws Exception {
    long[] runs = new long[RUNS];
    for (int r = 0; r < RUNS; r++) {
      CountDownLatch started = new CountDownLatch(workers);
      try (CancellableContext parent = Context.background().withCancel()) {
        MiniService s = new MiniService(parent, Duration.ofMillis(20), make.make(started));
        s.submit("warm");
        started.await();
        long t0 = System.nanoTime();
        parent.cancel();
        s.close();
        runs[r] = System.nanoTime() - t0;
        assertThat(s.hasLiveTasks()).isFalse();
      }
    }
    Arrays.sort(runs);
    System.out.printf("cancellation latency runs (ms): %s%n",
        Arrays.toString(Arrays.stream(runs).mapToDouble(n -> n / 1e6).toArray()));
    return runs[RUNS / 2];
  }

  @Test
  void cleanServiceWithCpuBoundAndBlockingWorkersStopsWithinBudget() throws Exception {
    long median = medianLatency(3, l -> new ContextRunnable[] {
        cpuBound(l), interruptibleSleeper(l), contextAwareWait(l)});
    assertThat(median).as("median cancellation latency (ns)").isLessThan(BUDGET_NANOS);
  }

  @Test
  void cpuBoundWorkerCheckingTheContextStopsWithinBudget() throws Exception {
    long median = medianLatency(2, l -> new ContextRunnable[] {cpuBound(l), cpuBound(l)});
    assertThat(median).as("median cancellation latency (ns)").isLessThan(BUDGET_NANOS);
  }

  /** Expected to break the budget: this is the failure the latency test exists to catch. */
  @Test
  void workerIgnoringTheContextBreaksTheBudget() throws Exception {
    long median = medianLatency(1, l -> new ContextRunnable[] {ignoresContext(l)});
    assertThat(median).as("median cancellation latency (ns)").isGreaterThan(BUDGET_NANOS);
  }
}
