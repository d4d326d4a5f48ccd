package dev.leash.bench;

import dev.leash.Context;
import dev.leash.TaskGroup;
import dev.leash.micrometer.LeashMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of exposing Leash's live state with {@code leash-micrometer}: a whole Prometheus scrape
 * ({@code PrometheusMeterRegistry.scrape()}, which refreshes the task gauges once and formats every meter) and a
 * {@link LeashMetrics#refresh()} alone (one {@code Leash.tasks()} snapshot and the gauge sync), with a given number of
 * task groups, each with tasks parked on a latch. {@code jvmOnly} is the same scrape of a registry without
 * {@code LeashMetrics}: the cost of the format itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsBench {
  /** Groups x tasks per group. */
  @Param({"10x10", "200x50", "1000x10"})
  public String owners;

  PrometheusMeterRegistry registry;
  PrometheusMeterRegistry bare;
  LeashMetrics metrics;
  final List<TaskGroup> groups = new ArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);

  /** Starts the groups and waits until every task is parked. */
  @Setup(Level.Trial)
  public void start() throws InterruptedException {
    String[] shape = owners.split("x");
    int n = Integer.parseInt(shape[0]);
    int each = Integer.parseInt(shape[1]);
    CountDownLatch started = new CountDownLatch(n * each);
    for (int g = 0; g < n; g++) {
      TaskGroup group = TaskGroup.builder().name("bench-" + g).open(Context.background());
      groups.add(group);
      for (int t = 0; t < each; t++) {
        group.go(c -> {
          started.countDown();
          release.await();
        });
      }
    }
    if (!started.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("tasks did not start");
    }
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics = new LeashMetrics();
    metrics.bindTo(registry);
    bare = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Releases the tasks and closes their groups. */
  @TearDown(Level.Trial)
  public void stop() {
    release.countDown();
    groups.forEach(TaskGroup::close);
    registry.close();
    bare.close();
  }

  /** A whole scrape, Leash's meters included. */
  @Benchmark
  public String scrape() {
    return registry.scrape();
  }

  /** The task snapshot and gauge sync alone. */
  @Benchmark
  public int refresh() {
    return metrics.refresh();
  }

  /** A scrape of an empty registry: the fixed cost of the format. */
  @Benchmark
  public String emptyScrape() {
    return bare.scrape();
  }
}
