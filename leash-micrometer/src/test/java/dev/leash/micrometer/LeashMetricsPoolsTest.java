package dev.leash.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.WorkerPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LeashMetricsPoolsTest {
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SimpleMeterRegistry simple = new SimpleMeterRegistry();
  private final LeashMetrics metrics = new LeashMetrics();

  @AfterEach
  void closeRegistries() {
    prometheus.close();
    simple.close();
  }

  private static WorkerPool<Integer> pool(Context parent) {
    return WorkerPool.<Integer>builder((c, j) -> { }).workers(1).queueCapacity(4).open(parent);
  }

  private static double queueDepth(MeterRegistry r, String pool) {
    var g = r.find("leash.pool.queue.depth").tag("pool", pool).gauge();
    return g == null ? Double.NaN : g.value();
  }

  @Test
  void poolsRegisteredBeforeOrAfterBindingShowInEveryRegistryUntilClosed() {
    WorkerPool<Integer> early = pool(Context.background());
    try (WorkerPool<Integer> late = pool(Context.background())) {
      metrics.pool("early", early);
      metrics.bindTo(prometheus);
      metrics.pool("late", late);
      metrics.bindTo(simple);
      metrics.bindTo(simple); // a no-op
      for (MeterRegistry r : List.of(prometheus, simple)) {
        assertThat(queueDepth(r, "early")).isEqualTo(0.0);
        assertThat(queueDepth(r, "late")).isEqualTo(0.0);
      }
      assertThat(simple.find("leash.tasks.owners").gauges()).hasSize(1);
      early.close();
      for (MeterRegistry r : List.of(prometheus, simple)) {
        assertThat(r.find("leash.pool.jobs.completed").tag("pool", "early").meters()).isEmpty();
        assertThat(queueDepth(r, "late")).isEqualTo(0.0);
      }
    } finally {
      early.close();
    }
    assertThat(Scrapes.hasSample(prometheus.scrape(), "leash_pool")).isFalse();
    assertThat(simple.find("leash.pool.queue.depth").meters()).isEmpty();
    assertThat(metrics.toString()).contains("pools=[]");
  }

  @Test
  void aPoolCancelledByItsParentIsRemovedAndItsNameIsFreeAgain() {
    metrics.bindTo(prometheus);
    CancellableContext parent = Context.background().withCancel();
    WorkerPool<Integer> first = pool(parent);
    metrics.pool("reused", first);
    metrics.pool("reused", first); // the same pool again: a no-op
    try (WorkerPool<Integer> other = pool(Context.background())) {
      assertThatThrownBy(() -> metrics.pool("reused", other))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reused");
      parent.cancel();
      first.closeNow();
      assertThat(Scrapes.hasSample(prometheus.scrape(), "pool=\"reused\"")).isFalse();
      metrics.pool("reused", other);
      assertThat(prometheus.scrape()).contains("leash_pool_queue_depth{pool=\"reused\"} 0.0");
    }
    assertThat(Scrapes.hasSample(prometheus.scrape(), "pool=\"reused\"")).isFalse();
  }

  @Test
  void aPoolThatIsAlreadyClosedIsNotRegistered() {
    metrics.bindTo(prometheus);
    WorkerPool<Integer> closed = pool(Context.background());
    closed.close();
    metrics.pool("closed", closed);
    assertThat(Scrapes.hasSample(prometheus.scrape(), "pool=\"closed\"")).isFalse();
    assertThat(metrics.toString()).contains("pools=[]");
  }

  @Test
  void concurrentRegistrationsClosesAndScrapesLeaveNothingBehind() throws Exception {
    metrics.bindTo(prometheus);
    metrics.bindTo(simple);
    int threads = 6;
    int rounds = 40;
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    AtomicBoolean done = new AtomicBoolean();
    List<Future<?>> futures = new ArrayList<>();
    ExecutorService exec = Executors.newFixedThreadPool(threads + 1);
    try {
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(exec.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            try (WorkerPool<Integer> p = WorkerPool.<Integer>builder((c, j) -> ran.countDown())
                .name("stress-" + id).workers(1).queueCapacity(1).open(Context.background())) {
              metrics.pool("stress-" + id, p);
              p.submit(Context.background(), i);
              assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
              metrics.supervisorListener("sup-" + (i % 3));
            }
          }
          return null;
        }));
      }
      Future<?> scraper = exec.submit(() -> {
        start.await();
        int scrapes = 0;
        while (!done.get() || scrapes < 5) {
          String text = prometheus.scrape();
          assertThat(text).contains("leash_threads_live_threads");
          metrics.refresh();
          scrapes++;
        }
        return null;
      });
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
      done.set(true);
      scraper.get(20, TimeUnit.SECONDS);
    } finally {
      done.set(true);
      exec.shutdownNow();
      assertThat(exec.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    metrics.refresh();
    String after = prometheus.scrape();
    assertThat(Scrapes.hasSample(after, "stress-")).as(after).isFalse();
    assertThat(simple.find("leash.pool.queue.depth").meters()).isEmpty();
    assertThat(simple.find("leash.tasks.live").meters()).isEmpty();
    assertThat(simple.find("leash.supervisor.restarts").meters()).hasSize(3);
    assertThat(Scrapes.value(after, "leash_tasks_owners")).isEqualTo(0.0);
  }
}
