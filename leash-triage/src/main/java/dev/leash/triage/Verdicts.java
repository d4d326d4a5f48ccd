package dev.leash.triage;

import java.util.List;

/** The one place that turns a group's shape, family, growth and heap proof into a {@link Verdict}. */
final class Verdicts {
  private Verdicts() {}

  /**
   * The verdict of one group.
   *
   * @param seenBefore every thread of the group was in the earlier snapshot too: a thread whose stack moved is
   *     working, not stuck, even if it now stands in a leak shape
   */
  static StackGroup judge(StackGroup g, KnownThreads.Family known, HeapEvidence.Status proof, List<String> retainers,
      Growth growth, Object family, boolean seenBefore) {
    List<Integer> counts = growth == null ? List.of(g.count()) : List.of(growth.before(family), growth.after(family));
    boolean grew = growth != null && g.pattern() != LeakPattern.JVM && growth.grew(family);
    String knownAs = known == null ? null : known.name();
    List<String> held = proof == HeapEvidence.Status.REACHABLE && retainers != null ? retainers : List.of();
    if (g.pattern() == LeakPattern.JVM) {
      return g.judged(Verdict.JVM, Evidence.SHAPE, counts, false, null, List.of());
    }
    if (g.pattern() == LeakPattern.DEADLOCK) {
      return g.judged(Verdict.LEAKED, Evidence.LOCK_CYCLE, counts, grew, knownAs, held);
    }
    if (proof == HeapEvidence.Status.UNREACHABLE) {
      return g.judged(Verdict.LEAKED, Evidence.UNREACHABLE, counts, grew, knownAs, held);
    }
    if (grew) {
      return g.judged(Verdict.GROWING, Evidence.GROWTH, counts, true, knownAs, held);
    }
    if (known != null) {
      return g.judged(Verdict.HEALTHY, known.owned() ? Evidence.OWNED : Evidence.KNOWN, counts, false, knownAs, held);
    }
    if (!g.pattern().isLeak()) {
      return g.judged(Verdict.HEALTHY, growth == null ? Evidence.SHAPE : Evidence.GROWTH, counts, false, null, held);
    }
    if (growth != null && counts.get(0) > 0 && g.pattern() != LeakPattern.BUSY_SPIN) {
      // seen in both snapshots and not growing: a fixed set of long-lived threads. A busy spin is the exception:
      // being seen in both snapshots is what makes it one.
      return g.judged(Verdict.HEALTHY, Evidence.GROWTH, counts, false, null, held);
    }
    if (seenBefore && g.pattern() != LeakPattern.BUSY_SPIN) {
      return g.judged(Verdict.HEALTHY, Evidence.GROWTH, counts, false, null, held);
    }
    return g.judged(Verdict.SUSPECT, Evidence.SHAPE, counts, false, null, held);
  }
}
