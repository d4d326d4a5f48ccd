package dev.leash.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Context;
import dev.leash.TaskGroup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the cost of a Prometheus scrape with many owners (not a benchmark harness: a rough figure for
 * docs/metrics.md). Runs only with {@code -Dleash.measure=true}; see BENCHMARKS-metrics.md for the command.
 */
@EnabledIfSystemProperty(named = "leash.measure", matches = "true")
class ScrapeCostMeasurement {

  @Test
  void scrapeCostWithManyOwners() throws Exception {
    for (int[] shape : new int[][] {{10, 10}, {200, 50}, {1000, 10}}) {
      measure(shape[0], shape[1]);
    }
  }

  private static void measure(int groups, int tasksPerGroup) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LeashMetrics metrics = new LeashMetrics();
    metrics.bindTo(registry);
    CountDownLatch started = new CountDownLatch(groups * tasksPerGroup);
    CountDownLatch release = new CountDownLatch(1);
    List<TaskGroup> open = new ArrayList<>();
    try {
      for (int g = 0; g < groups; g++) {
        TaskGroup group = TaskGroup.builder().name("measured-" + g).open(Context.background());
        open.add(group);
        for (int t = 0; t < tasksPerGroup; t++) {
          group.go(c -> {
            started.countDown();
            release.await();
          });
        }
      }
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 50; i++) { // warm-up
        metrics.refresh();
        registry.scrape();
      }
      int n = 200;
      long t0 = System.nanoTime();
      String last = "";
      for (int i = 0; i < n; i++) {
        last = registry.scrape();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        metrics.refresh();
      }
      long t2 = System.nanoTime();
      assertThat(Scrapes.value(last, "leash_tasks_owners")).isEqualTo(groups);
      assertThat(Scrapes.value(last, "leash_tasks_live_tasks{group=\"measured-0\",kind=\"task-group\"}"))
          .isEqualTo(tasksPerGroup);
      System.out.printf("scrape cost: groups=%d tasks/group=%d scrape=%.3f ms refresh=%.3f ms%n",
          groups, tasksPerGroup, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n);
    } finally {
      release.countDown();
      for (TaskGroup g : open) {
        g.close();
      }
      registry.close();
    }
  }
}
