package dev.leash.triage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link Triage#analyze}: every thread of a snapshot in a classified group.
 *
 * @param source where the snapshot came from
 * @param threads how many threads the snapshot has
 * @param truncated true when the dump was cut short (the report covers what was read)
 * @param patterns threads per pattern id, largest first
 * @param groups the groups: leak patterns first (largest first), then {@code unknown}, then {@code jvm}
 */
public record TriageReport(String source, int threads, boolean truncated, Map<String, Integer> patterns,
    List<StackGroup> groups) {

  /**
   * Copies the collections (the map keeps its order).
   *
   * @throws NullPointerException if a component is null
   */
  public TriageReport {
    Objects.requireNonNull(source, "source");
    patterns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(patterns));
    groups = List.copyOf(groups);
  }

  /** The groups whose pattern is a leak shape (not {@code jvm}, not {@code unknown}). */
  public List<StackGroup> leaks() {
    return groups.stream().filter(g -> g.pattern().isLeak()).toList();
  }
}
