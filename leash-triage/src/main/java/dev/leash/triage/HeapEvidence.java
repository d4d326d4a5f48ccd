package dev.leash.triage;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a heap proof found about the threads of a snapshot (made by {@code leash prove}; triage only reads it).
 *
 * @param source the heap dump it came from
 * @param examined ids of the threads the proof found in the heap; triage says nothing from the heap of the others
 * @param unreachable ids of threads proven leaked: blocked with no timeout, and no live root reaches their way out
 * @param retainers for blocked threads still reachable: the shortest path from a root to their way out, root first
 * @param waitsOn for waiting threads, the class of the object they wait on (the park blocker, the monitor, the
 *     selector), when the heap says
 */
public record HeapEvidence(String source, Set<Long> examined, Set<Long> unreachable,
    Map<Long, List<String>> retainers, Map<Long, String> waitsOn) {

  /**
   * Copies the collections.
   *
   * @throws NullPointerException if a component is null
   */
  public HeapEvidence {
    Objects.requireNonNull(source, "source");
    examined = Set.copyOf(examined);
    unreachable = Set.copyOf(unreachable);
    retainers = Map.copyOf(retainers);
    waitsOn = Map.copyOf(waitsOn);
  }

  /** Evidence without the classes waited on. */
  public HeapEvidence(String source, Set<Long> examined, Set<Long> unreachable, Map<Long, List<String>> retainers) {
    this(source, examined, unreachable, retainers, Map.of());
  }

  /** The same evidence under another source name (a heap dump that was deleted, a pid). */
  public HeapEvidence withSource(String newSource) {
    return new HeapEvidence(newSource, examined, unreachable, retainers, waitsOn);
  }

  /** How the proof judged one thread. */
  enum Status { NONE, UNREACHABLE, REACHABLE }

  Status status(long threadId) {
    if (unreachable.contains(threadId)) {
      return Status.UNREACHABLE;
    }
    return retainers.containsKey(threadId) ? Status.REACHABLE : Status.NONE;
  }
}
