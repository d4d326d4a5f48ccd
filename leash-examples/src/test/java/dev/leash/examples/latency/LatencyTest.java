package dev.leash.examples.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import dev.leash.examples.service.Service;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyTest {
  private static final double BUDGET_MILLIS = LatencyExamples.BUDGET.toMillis();

  interface Measure {
    double millis() throws Exception;
  }

  /** The median of five measurements: the machine is shared, one slow run is noise, three are a problem. */
  private static double median(Measure m) throws Exception {
    double[] runs = new double[5];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = m.millis();
    }
    Arrays.sort(runs);
    return runs[2];
  }

  @Test
  void leakyPollerOutlivesItsClose() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch polled = new CountDownLatch(1);
    LeakyPoller p = new LeakyPoller(Duration.ofSeconds(5), polled::countDown);
    try {
      polled.await();
      p.close();
      check.assertLeaks("unstopped-scheduler");
    } finally {
      p.thread().interrupt(); // swallowed, but the flag is already down: the loop ends
      p.thread().join();
    }
  }

  @Test
  void pollerStopsWithinTheBudget() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    assertThat(median(() -> LatencyExamples.pollerLatencyMillis(Duration.ofSeconds(5)))).isLessThan(BUDGET_MILLIS);
    check.assertNone();
  }

  @Test
  void serviceStopsWithinTheBudget() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    double median = median(() -> {
      try (CancellableContext ctx = Context.background().withCancel()) {
        Service s = new Service(ctx, Duration.ofSeconds(1), line -> {});
        s.submit(ctx, "work");
        long t0 = System.nanoTime();
        ctx.cancel();
        s.close();
        return (System.nanoTime() - t0) / 1e6;
      }
    });
    assertThat(median).isLessThan(BUDGET_MILLIS);
    check.assertNone();
  }

  @Test
  void leakyCruncherSpinsOnAfterCancel() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<Long> f = LeakyCruncher.start(ex, Long.MAX_VALUE, started::countDown);
      started.await();
      f.cancel(true);
      ex.shutdown();
      check.assertLeaks("busy-spin");
    } finally {
      LeakyCruncher.abortForCleanup = true;
      assertThat(ex.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      LeakyCruncher.abortForCleanup = false;
    }
  }

  @Test
  void cpuBoundCruncherStopsWithinTheBudget() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    assertThat(median(LatencyExamples::cruncherLatencyMillis)).isLessThan(BUDGET_MILLIS);
    check.assertNone();
  }
}
