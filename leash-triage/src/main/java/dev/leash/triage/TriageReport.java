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
 * @param groups the groups: by verdict ({@code leaked}, {@code growing}, {@code suspect}, {@code healthy},
 *     {@code jvm}), then leak patterns before {@code unknown}, then largest first
 * @param snapshots how many snapshots the report rests on (2 when an earlier one was compared)
 * @param verdicts threads per verdict id, in the order leaked, growing, suspect, healthy, jvm
 * @param heapSource the heap dump a proof read, or {@code null} when there was no proof
 */
public record TriageReport(String source, int threads, boolean truncated, Map<String, Integer> patterns,
    List<StackGroup> groups, int snapshots, Map<String, Integer> verdicts, String heapSource) {

  /**
   * Copies the collections (the map keeps its order).
   *
   * @throws NullPointerException if a component is null
   */
  public TriageReport {
    Objects.requireNonNull(source, "source");
    patterns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(patterns));
    groups = List.copyOf(groups);
    verdicts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(verdicts));
  }

  /** The groups with this verdict, in report order. */
  public List<StackGroup> withVerdict(Verdict v) {
    return groups.stream().filter(g -> g.verdict() == v).toList();
  }

  /** True when some group has verdict {@code v} or a surer one ({@code leaked} before {@code growing} before
   * {@code suspect}). */
  public boolean hasAtLeast(Verdict v) {
    return groups.stream().anyMatch(g -> g.verdict().ordinal() <= v.ordinal());
  }

  /** The groups whose pattern is a leak shape (not {@code jvm}, not {@code unknown}). */
  public List<StackGroup> leaks() {
    return groups.stream().filter(g -> g.pattern().isLeak()).toList();
  }
}
