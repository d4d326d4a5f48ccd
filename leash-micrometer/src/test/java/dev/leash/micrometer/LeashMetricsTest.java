package dev.leash.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.Backoff;
import dev.leash.Context;
import dev.leash.PoolFullException;
import dev.leash.Supervisor;
import dev.leash.SupervisorEvent;
import dev.leash.SupervisorException;
import dev.leash.TaskFailedException;
import dev.leash.TaskGroup;
import dev.leash.WorkerPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LeashMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LeashMetrics metrics = new LeashMetrics();

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  @Test
  void tasksByGroupAreCountedAndTheGaugeGoesWhenTheGroupEnds() throws Exception {
    metrics.bindTo(registry);
    int n = 5;
    CountDownLatch started = new CountDownLatch(n);
    CountDownLatch release = new CountDownLatch(1);
    String series = "leash_tasks_live_tasks{group=\"blocked\",kind=\"task-group\"}";
    try (TaskGroup g = TaskGroup.builder().name("blocked").open(Context.background())) {
      for (int i = 0; i < n; i++) {
        g.go(c -> {
          started.countDown();
          release.await();
        });
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      registry.scrape(); // documented: an owner that appeared since the previous scrape may show from the next one
      String scrape = registry.scrape();
      assertThat(scrape).contains(series + " 5.0");
      assertThat(Scrapes.value(scrape, "leash_tasks_owners")).isEqualTo(1.0);

      metrics.refresh(); // with refresh() just before, the set is exact in the very next scrape
      assertThat(Scrapes.value(registry.scrape(), series)).isEqualTo(5.0);
      release.countDown();
    }
    String after = registry.scrape();
    assertThat(Scrapes.hasSample(after, "group=\"blocked\"")).as(after).isFalse();
    assertThat(Scrapes.value(after, "leash_tasks_owners")).isEqualTo(0.0);
  }

  @Test
  void groupTagFoldsOwnersIntoOneSeriesAndNullLeavesThemOut() throws Exception {
    LeashMetrics folding = new LeashMetrics(name -> name.startsWith("hidden") ? null : name.replaceFirst("-\\d+$", ""));
    folding.bindTo(registry);
    CountDownLatch started = new CountDownLatch(2 + 3 + 1);
    CountDownLatch release = new CountDownLatch(1);
    try (TaskGroup a = TaskGroup.builder().name("req-1").open(Context.background());
        TaskGroup b = TaskGroup.builder().name("req-2").open(Context.background());
        TaskGroup h = TaskGroup.builder().name("hidden").open(Context.background())) {
      for (TaskGroup g : List.of(a, a, b, b, b, h)) {
        g.go(c -> {
          started.countDown();
          release.await();
        });
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(folding.refresh()).isEqualTo(3);
      String scrape = registry.scrape();
      assertThat(scrape).contains("leash_tasks_live_tasks{group=\"req\",kind=\"task-group\"} 5.0");
      assertThat(Scrapes.hasSample(scrape, "req-1")).isFalse();
      assertThat(Scrapes.hasSample(scrape, "hidden")).isFalse();
      assertThat(Scrapes.value(scrape, "leash_tasks_owners")).isEqualTo(3.0);
      release.countDown();
    }
    assertThat(Scrapes.hasSample(registry.scrape(), "group=\"req\"")).isFalse();
  }

  @Test
  void threadCountsSplitPlatformAndVirtual() throws Exception {
    metrics.bindTo(registry);
    String virtual = "leash_threads_live_threads{kind=\"virtual\"}";
    double before = Scrapes.value(registry.scrape(), virtual);
    int n = 7;
    CountDownLatch started = new CountDownLatch(n);
    CountDownLatch release = new CountDownLatch(1);
    try (TaskGroup g = TaskGroup.builder().name("vthreads").virtualThreads().open(Context.background())) {
      for (int i = 0; i < n; i++) {
        g.go(c -> {
          started.countDown();
          release.await();
        });
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      String scrape = registry.scrape();
      assertThat(Scrapes.value(scrape, virtual)).isEqualTo(before + n);
      assertThat(Scrapes.value(scrape, "leash_threads_live_threads{kind=\"platform\"}"))
          .isGreaterThanOrEqualTo(1.0);
      release.countDown();
    }
    assertThat(Scrapes.value(registry.scrape(), virtual)).isEqualTo(before);
  }

  @Test
  void poolQueueActiveCountersAndRejectionsAreScraped() throws Exception {
    metrics.bindTo(registry);
    CountDownLatch blockedStarted = new CountDownLatch(2);
    CountDownLatch gate = new CountDownLatch(1);
    WorkerPool<String> pool = WorkerPool.<String>builder((c, job) -> {
      if (job.equals("fail")) {
        throw new IllegalStateException("job failed on purpose");
      }
      if (job.startsWith("block")) {
        blockedStarted.countDown();
        gate.await();
      }
    }).name("orders-workers").workers(2).queueCapacity(3).open(Context.background());
    metrics.pool("orders", pool);
    try {
      pool.submit(Context.background(), "ok");
      pool.submit(Context.background(), "fail");
      pool.submit(Context.background(), "block-1");
      pool.submit(Context.background(), "block-2");
      // Both workers are in a blocking job, so each has finished accounting for the jobs it took before (FIFO).
      assertThat(blockedStarted.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 3; i++) {
        pool.submit(Context.background(), "block-queued-" + i);
      }
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> pool.trySubmit("one-too-many", Duration.ZERO)).isInstanceOf(PoolFullException.class);
      }

      metrics.refresh(); // the first owner since bindTo: without this it may show only from the next scrape
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("leash_pool_queue_depth{pool=\"orders\"} 3.0")
          .contains("leash_pool_jobs_active{pool=\"orders\"} 2.0")
          .contains("leash_pool_jobs_submitted_total{pool=\"orders\"} 7.0")
          .contains("leash_pool_jobs_completed_total{pool=\"orders\"} 1.0")
          .contains("leash_pool_jobs_failed_total{pool=\"orders\"} 1.0")
          .contains("leash_pool_jobs_cancelled_total{pool=\"orders\"} 0.0")
          .contains("leash_pool_jobs_rejected_total{pool=\"orders\"} 2.0")
          .contains("# TYPE leash_pool_jobs_completed_total counter");
      // The pool's workers are an owner too.
      assertThat(Scrapes.value(scrape, "leash_tasks_live_tasks{group=\"orders-workers\",kind=\"worker-pool\"}"))
          .isEqualTo(2.0);
    } finally {
      gate.countDown();
      assertThatThrownBy(pool::close).isInstanceOf(TaskFailedException.class);
    }
    assertThat(pool.stats().completed()).isEqualTo(6);
    String after = registry.scrape();
    assertThat(Scrapes.hasSample(after, "pool=\"orders\"")).as(after).isFalse();
    assertThat(Scrapes.hasSample(after, "orders-workers")).as(after).isFalse();
  }

  @Test
  void supervisorRestartsAndGiveUpsAreCounted() throws Exception {
    metrics.bindTo(registry);
    int failures = 3;
    CountDownLatch restarted = new CountDownLatch(failures);
    AtomicInteger incarnations = new AtomicInteger();
    CountDownLatch stable = new CountDownLatch(1);
    try (Supervisor sup = Supervisor.builder().name("ingest")
        .intensity(10, Duration.ofMinutes(1))
        .backoff(Backoff.fixed(Duration.ofMillis(1)))
        .listener(metrics.supervisorListener("ingest").andThen(e -> {
          if (e instanceof SupervisorEvent.Restarting) {
            restarted.countDown();
          }
        }))
        .child("flaky", Supervisor.RestartType.PERMANENT, c -> {
          if (incarnations.incrementAndGet() <= failures) {
            throw new IllegalStateException("flaky failure on purpose");
          }
          stable.countDown();
          c.await();
        })
        .start(Context.background())) {
      assertThat(restarted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(stable.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sup.isEnded()).isFalse();
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("leash_supervisor_restarts_total{supervisor=\"ingest\"} 3.0")
          .contains("leash_supervisor_giveups_total{supervisor=\"ingest\"} 0.0");
    }

    // Restart intensity 0: the first failure makes it give up.
    CountDownLatch gaveUp = new CountDownLatch(1);
    Supervisor fragile = Supervisor.builder().name("fragile")
        .intensity(0, Duration.ofMinutes(1))
        .listener(metrics.supervisorListener("fragile").andThen(e -> {
          if (e instanceof SupervisorEvent.GaveUp) {
            gaveUp.countDown();
          }
        }))
        .child("once", Supervisor.RestartType.PERMANENT, c -> {
          throw new IllegalStateException("fails on purpose");
        })
        .start(Context.background());
    assertThat(gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(fragile::close).isInstanceOf(SupervisorException.class);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("leash_supervisor_giveups_total{supervisor=\"fragile\"} 1.0")
        .contains("leash_supervisor_restarts_total{supervisor=\"fragile\"} 0.0")
        .contains("leash_supervisor_restarts_total{supervisor=\"ingest\"} 3.0");
  }

  @Test
  void badInputIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> new LeashMetrics(null))
        .isInstanceOf(NullPointerException.class).hasMessage("groupTag");
    assertThatThrownBy(() -> metrics.bindTo(null)).isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> metrics.supervisorListener(null))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> metrics.supervisorListener(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    try (WorkerPool<String> pool = WorkerPool.<String>builder((c, j) -> { }).workers(1).open(Context.background())) {
      assertThatThrownBy(() -> metrics.pool(null, pool)).isInstanceOf(NullPointerException.class).hasMessage("name");
      assertThatThrownBy(() -> metrics.pool("p", null)).isInstanceOf(NullPointerException.class).hasMessage("pool");
      assertThatThrownBy(() -> metrics.pool("", pool))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }
  }
}
