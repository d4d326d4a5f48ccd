package dev.leash.micrometer;

import dev.leash.PoolStats;
import dev.leash.WorkerPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.ref.WeakReference;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one registered pool, which is held weakly: a pool dropped without being closed reads NaN. Guarded by
 * the lock of the {@link LeashMetrics} that owns it.
 */
final class PoolMeters {
  private final String name;
  private final WeakReference<WorkerPool<?>> pool;
  private final Map<MeterRegistry, List<Meter>> meters = new IdentityHashMap<>();

  PoolMeters(String name, WorkerPool<?> pool) {
    this.name = name;
    this.pool = new WeakReference<>(pool);
  }

  /** Whether this entry tracks {@code other}. */
  boolean tracks(WorkerPool<?> other) {
    return pool.get() == other;
  }

  /** Whether the pool is still reachable and its context not done (it is neither closed nor cancelled). */
  boolean isOpen() {
    WorkerPool<?> p = pool.get();
    return p != null && !p.context().isDone();
  }

  /** Whether the pool was garbage collected. */
  boolean isCleared() {
    return pool.get() == null;
  }

  /** Removes the pool's meters from every registry it was registered with. */
  void remove() {
    meters.forEach((registry, list) -> list.forEach(registry::remove));
    meters.clear();
  }

  /** Registers the pool's meters; none if the pool is gone. Micrometer holds the pool weakly too. */
  void register(MeterRegistry registry) {
    WorkerPool<?> p = pool.get();
    if (p == null) {
      return;
    }
    meters.put(registry, List.of(
        gauge(registry, p, "leash.pool.queue.depth", "Accepted jobs waiting in the queue for a worker",
            s -> s.queued()),
        gauge(registry, p, "leash.pool.jobs.active", "Jobs being handled by a worker right now", s -> s.active()),
        counter(registry, p, "leash.pool.jobs.submitted", "Jobs accepted by submit or trySubmit", s -> s.submitted()),
        counter(registry, p, "leash.pool.jobs.completed", "Accepted jobs whose handler returned normally",
            s -> s.completed()),
        counter(registry, p, "leash.pool.jobs.failed", "Accepted jobs whose handler threw", s -> s.failed()),
        counter(registry, p, "leash.pool.jobs.cancelled",
            "Accepted jobs stopped by the pool's context, in flight or never started", s -> s.cancelled()),
        counter(registry, p, "leash.pool.jobs.rejected",
            "Submissions not accepted: pool full, pool closed, or the submitter cancelled", s -> s.rejected())));
  }

  private Meter gauge(MeterRegistry r, WorkerPool<?> p, String metric, String help, ToDoubleFunction<PoolStats> f) {
    return Gauge.builder(metric, p, x -> f.applyAsDouble(x.stats()))
        .description(help).tag("pool", name).register(r);
  }

  private Meter counter(MeterRegistry r, WorkerPool<?> p, String metric, String help, ToDoubleFunction<PoolStats> f) {
    return FunctionCounter.builder(metric, p, x -> f.applyAsDouble(x.stats()))
        .description(help).tag("pool", name).register(r);
  }
}
