package dev.leash.micrometer;

import dev.leash.Leash;
import dev.leash.OwnerInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One {@code leash.tasks.live} gauge per owner (kind and name) with live tasks, in one registry. The set is
 * refreshed from a {@link Leash#tasks()} snapshot; the gauges read the latest snapshot. Guarded by the lock of the
 * {@link LeashMetrics} that owns it.
 */
final class TaskGauges {
  /** An owner as tagged: owners of one kind sharing a name are summed. */
  record Key(String kind, String group) {}

  private final MeterRegistry registry;
  private final Map<Key, Gauge> gauges = new HashMap<>();

  TaskGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts live tasks per tagged owner in {@code owners}, the {@code group} tag being {@code groupTag} of the
   * owner's name; owners it maps to null are left out.
   */
  static Map<Key, Integer> count(List<OwnerInfo> owners, UnaryOperator<String> groupTag) {
    Map<Key, Integer> counts = new HashMap<>();
    for (OwnerInfo o : owners) {
      String group = groupTag.apply(o.name());
      if (group != null) {
        counts.merge(new Key(o.kind(), group), o.tasks().size(), Integer::sum);
      }
    }
    return counts;
  }

  /** Adds a gauge for each new owner in {@code counts} and removes the gauges of owners no longer in it. */
  void sync(Map<Key, Integer> counts, LeashMetrics metrics) {
    for (Iterator<Map.Entry<Key, Gauge>> it = gauges.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Gauge> e = it.next();
      if (!counts.containsKey(e.getKey())) {
        registry.remove(e.getValue());
        it.remove();
      }
    }
    for (Key k : counts.keySet()) {
      gauges.computeIfAbsent(k, key -> Gauge.builder("leash.tasks.live", () -> metrics.liveTasks(key))
          .description("Live tasks (threads) of a Leash owner: task group, loop, worker pool or supervisor")
          .baseUnit(BaseUnits.TASKS)
          .tag("kind", key.kind())
          .tag("group", key.group())
          .register(registry));
    }
  }
}
