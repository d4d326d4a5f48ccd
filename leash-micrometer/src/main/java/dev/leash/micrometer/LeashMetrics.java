package dev.leash.micrometer;

import dev.leash.Leash;
import dev.leash.OwnerInfo;
import dev.leash.SupervisorEvent;
import dev.leash.WorkerPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A Micrometer {@link MeterBinder} for Leash's live state.
 *
 * <pre>{@code
 * LeashMetrics metrics = new LeashMetrics();
 * metrics.bindTo(registry);                                   // threads and tasks by group
 * metrics.pool("orders", ordersPool);                         // a pool's queue and job counters
 * Supervisor.builder().name("ingest").listener(metrics.supervisorListener("ingest"))...;  // restarts
 * }</pre>
 *
 * <p>Meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code leash.threads.live} {@code kind=platform|virtual} [{@code leash_threads_live_threads}]: live
 *       platform threads of the JVM, and live virtual threads started by Leash owners (the JDK does not count other
 *       virtual threads cheaply).
 *   <li>{@code leash.tasks.live} {@code kind, group} [{@code leash_tasks_live_tasks}]: live tasks of each owner
 *       {@link Leash#tasks()} lists (kind {@code task-group}, {@code loop}, {@code worker-pool},
 *       {@code supervisor}); owners of one kind and name are summed. An owner's gauge is <b>removed</b> once the
 *       owner has no live task, so names that come and go do not pile up. {@code leash.tasks.owners}
 *       [{@code leash_tasks_owners}] counts the owners with live tasks.
 *   <li>Per registered pool, tag {@code pool}: gauges {@code leash.pool.queue.depth}, {@code leash.pool.jobs.active};
 *       function counters {@code leash.pool.jobs.submitted|completed|failed|cancelled|rejected}
 *       [{@code leash_pool_jobs_completed_total}, ...], read from {@link WorkerPool#stats()}.
 *   <li>Per {@linkplain #supervisorListener(String) supervisor listener}, tag {@code supervisor}: counters
 *       {@code leash.supervisor.restarts} and {@code leash.supervisor.giveups}.
 * </ul>
 *
 * <p><b>Freshness of {@code leash.tasks.live}:</b> the set of owner gauges is refreshed from one
 * {@link Leash#tasks()} snapshot each time {@code leash.tasks.owners} is read (once per scrape or publish), on
 * {@link #bindTo}, and on {@link #refresh()}; each owner gauge reads the latest snapshot. With the Prometheus
 * registry, {@code leash.tasks.owners} is collected before {@code leash.tasks.live}, so values, new owners and gone
 * owners are those of the moment of the scrape, with one exception: when {@code leash.tasks.live} had no series at
 * all (no owner had live tasks at the previous refresh), the owners that appeared since show from the next scrape
 * on, because a scrape under way does not see a metric family created during it. With other registries (whose
 * meter order is not defined) an owner may appear one publish late and an ended owner read 0 once before its gauge
 * goes. Calling {@link #refresh()} just before a scrape makes the set exact in every case.
 *
 * <p><b>Pools:</b> {@link #pool(String, WorkerPool)} holds the pool weakly and removes its meters from every
 * registry when the pool's context is done, i.e. when it is closed or cancelled, so a closed pool leaves no series
 * behind (its last counts are in {@link WorkerPool#stats()}).
 *
 * <p><b>Cost of a scrape:</b> one {@link Leash#tasks()} snapshot (proportional to the live tasks of all owners), one
 * {@code ThreadMXBean} read, and seven {@link WorkerPool#stats()} reads (a few {@code LongAdder} sums each) per pool.
 * No thread is started: nothing runs between scrapes.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread, concurrently with scrapes. One instance may
 * be bound to several registries; pools and supervisor listeners added later are registered with each. Binding the
 * same registry twice is a no-op.
 */
public final class LeashMetrics implements MeterBinder {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final UnaryOperator<String> groupTag;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private final Map<MeterRegistry, TaskGauges> registries = new IdentityHashMap<>();
  private final Map<String, PoolMeters> pools = new HashMap<>();
  private final Map<String, SupervisorCounts> supervisors = new HashMap<>();
  /** Live tasks per owner in the latest snapshot; replaced whole by {@link #refresh()}. */
  private volatile Map<TaskGauges.Key, Integer> liveTasks = Map.of();

  /** A binder with no pool and no supervisor registered yet, tagging each owner with its own name. */
  public LeashMetrics() {
    this(UnaryOperator.identity());
  }

  /**
   * A binder that tags each owner's {@code leash.tasks.live} gauge with {@code group=groupTag(ownerName)}: owners of
   * one kind mapped to the same value are summed, and owners mapped to {@code null} are left out of
   * {@code leash.tasks.live} (still counted by {@code leash.tasks.owners}). Use it to bound the number of series
   * when owners are created per request with unique names, e.g.
   * {@code new LeashMetrics(name -> name.replaceFirst("-\\d+$", ""))} folds {@code group-17} and {@code group-18}
   * into {@code group}. {@code groupTag} runs on the scraping thread and must be quick and side-effect free.
   *
   * @param groupTag maps an owner's name to its {@code group} tag, or to null to leave the owner out
   * @throws NullPointerException if {@code groupTag} is null
   */
  public LeashMetrics(UnaryOperator<String> groupTag) {
    this.groupTag = Objects.requireNonNull(groupTag, "groupTag");
  }

  /**
   * Registers the thread and task meters, and the meters of every pool and supervisor listener registered so far,
   * with {@code registry}; later ones are added to it as they come. A no-op if already bound to it.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    lock.lock();
    try {
      if (registries.containsKey(registry)) {
        return;
      }
      // Registered first so that a Prometheus scrape collects it, and so refreshes the owner gauges, before them.
      Gauge.builder("leash.tasks.owners", this::refresh)
          .description("Leash owners (task groups, loops, pools, supervisors) with live tasks")
          .register(registry);
      Gauge.builder("leash.threads.live", THREADS::getThreadCount)
          .description("Live platform threads of the JVM")
          .baseUnit(BaseUnits.THREADS).tag("kind", "platform").register(registry);
      Gauge.builder("leash.threads.live", Leash::virtualThreadCount)
          .description("Live virtual threads started by Leash owners")
          .baseUnit(BaseUnits.THREADS).tag("kind", "virtual").register(registry);
      registries.put(registry, new TaskGauges(registry));
      for (PoolMeters p : pools.values()) {
        p.register(registry);
      }
      for (SupervisorCounts s : supervisors.values()) {
        s.register(registry);
      }
    } finally {
      lock.unlock();
    }
    refresh();
  }

  /**
   * Exposes {@code pool}'s {@link WorkerPool#stats()} with tag {@code pool=name} in every bound registry, now and
   * in registries bound later, until the pool's context is done (closed or cancelled): then its meters are removed
   * and the name is free again. The pool is held weakly. Registering the same pool under the same name again is a
   * no-op; a pool whose context is already done is not registered.
   *
   * @param name the {@code pool} tag
   * @param pool the pool to expose
   * @return this binder
   * @throws NullPointerException if {@code name} or {@code pool} is null
   * @throws IllegalArgumentException if {@code name} is empty, or another pool that is still open is registered
   *     under it
   */
  public LeashMetrics pool(String name, WorkerPool<?> pool) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pool, "pool");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("pool name must not be empty");
    }
    PoolMeters entry;
    lock.lock();
    try {
      PoolMeters old = pools.get(name);
      if (old != null && old.tracks(pool)) {
        return this;
      }
      if (old != null && old.isOpen()) {
        throw new IllegalArgumentException("a pool named " + name + " is already registered and still open");
      }
      if (old != null) {
        removePool(name, old);
      }
      entry = new PoolMeters(name, pool);
      for (MeterRegistry r : registries.keySet()) {
        entry.register(r);
      }
      pools.put(name, entry);
    } finally {
      lock.unlock();
    }
    // Runs at once if the pool is already shut; otherwise on the thread that closes or cancels it.
    pool.context().onDone(() -> {
      lock.lock();
      try {
        removePool(name, entry);
      } finally {
        lock.unlock();
      }
    });
    return this;
  }

  /**
   * A listener for {@link dev.leash.Supervisor.Builder#listener} that counts the supervisor's restarts and
   * give-ups into {@code leash.supervisor.restarts} and {@code leash.supervisor.giveups} with tag
   * {@code supervisor=name}, in every bound registry, now and later. The counters start at 0 and are registered
   * at once. Calls with the same name share the counters (a supervisor started again under the same name keeps
   * counting). The listener only increments adders: it never blocks the supervisor's control thread. To keep an
   * own listener too, combine them with {@link Consumer#andThen}. Nested supervisors built from a builder that
   * carries this listener count into the same name.
   *
   * @param name the {@code supervisor} tag, usually the supervisor's name
   * @return a listener for {@link dev.leash.Supervisor.Builder#listener}, shared by every call with this name
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public Consumer<SupervisorEvent> supervisorListener(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("supervisor name must not be empty");
    }
    lock.lock();
    try {
      SupervisorCounts counts = supervisors.get(name);
      if (counts == null) {
        counts = new SupervisorCounts(name);
        supervisors.put(name, counts);
        for (MeterRegistry r : registries.keySet()) {
          counts.register(r);
        }
      }
      return counts;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a {@link Leash#tasks()} snapshot and brings the {@code leash.tasks.live} gauges of every bound registry in
   * line with it: a gauge for each owner with live tasks, none for the others. Also drops pools that were garbage
   * collected without being closed. Called by every read of {@code leash.tasks.owners}; call it before a scrape
   * when the owner set must be exact.
   *
   * @return the number of owners with live tasks
   */
  public int refresh() {
    List<OwnerInfo> owners = Leash.tasks();
    Map<TaskGauges.Key, Integer> counts = TaskGauges.count(owners, groupTag);
    lock.lock();
    try {
      liveTasks = counts;
      for (TaskGauges g : registries.values()) {
        g.sync(counts, this);
      }
      pools.values().removeIf(p -> {
        if (p.isCleared()) {
          p.remove();
          return true;
        }
        return false;
      });
    } finally {
      lock.unlock();
    }
    return owners.size();
  }

  /** Live tasks of one owner in the latest snapshot, 0 if it has none. */
  int liveTasks(TaskGauges.Key key) {
    return liveTasks.getOrDefault(key, 0);
  }

  /** Removes {@code entry}'s meters, and its name if the name still maps to it. Needs the lock. */
  private void removePool(String name, PoolMeters entry) {
    pools.remove(name, entry);
    entry.remove();
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "LeashMetrics[registries=" + registries.size() + ", pools=" + pools.keySet()
          + ", supervisors=" + supervisors.keySet() + "]";
    } finally {
      lock.unlock();
    }
  }
}
