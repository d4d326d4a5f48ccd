package dev.leash.triage;

import java.util.List;
import java.util.Objects;

/**
 * Threads with the same (folded) stack, state and pattern.
 *
 * @param pattern the leak shape
 * @param count how many threads
 * @param state their state
 * @param top the blocking call: the library method the application frame called (or the top method)
 * @param appFrame the first application frame, or {@code null} when the stack has none
 * @param threadIds the ids of all threads of the group, in dump order
 * @param threadNames the names of the first threads (at most {@link TriageOptions#maxNamesPerGroup()})
 * @param virtualCount how many of the threads are virtual
 * @param stack the frames of the group's first thread, top first
 * @param advice one line on how to fix this shape
 * @param lockChain who holds the lock these threads wait for, and so on ("" when not applicable)
 * @param verdict how sure triage is that these threads leaked
 * @param evidence what the verdict rests on
 * @param counts the size of the group's family in each snapshot given, earliest first (one entry for one snapshot);
 *     the family is every thread of the same known family, or else of the same folded stack in any state
 * @param growing true when the family grew between the snapshots by more than an elastic pool does
 * @param knownAs the known infrastructure family of these threads ({@link KnownThreads}), or {@code null}
 * @param retainedBy for threads a heap proof found still reachable: the shortest path from a root to their way out,
 *     root first; empty otherwise
 * @param spawnSite the frame that started the first thread, when the source knows it, or {@code null}
 */
public record StackGroup(
    LeakPattern pattern,
    int count,
    Thread.State state,
    String top,
    String appFrame,
    List<Long> threadIds,
    List<String> threadNames,
    int virtualCount,
    List<String> stack,
    String advice,
    String lockChain,
    Verdict verdict,
    Evidence evidence,
    List<Integer> counts,
    boolean growing,
    String knownAs,
    List<String> retainedBy,
    String spawnSite) {

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a required component is null
   */
  public StackGroup {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(top, "top");
    threadIds = List.copyOf(threadIds);
    threadNames = List.copyOf(threadNames);
    stack = List.copyOf(stack);
    Objects.requireNonNull(advice, "advice");
    Objects.requireNonNull(lockChain, "lockChain");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(evidence, "evidence");
    counts = List.copyOf(counts);
    retainedBy = List.copyOf(retainedBy);
  }

  /**
   * A group judged by its shape alone: {@code jvm} for JVM threads, {@code suspect} for a leak shape, {@code healthy}
   * otherwise; one snapshot.
   *
   * @throws NullPointerException if a required component is null
   */
  public StackGroup(LeakPattern pattern, int count, Thread.State state, String top, String appFrame,
      List<Long> threadIds, List<String> threadNames, int virtualCount, List<String> stack, String advice,
      String lockChain) {
    this(pattern, count, state, top, appFrame, threadIds, threadNames, virtualCount, stack, advice, lockChain,
        pattern == LeakPattern.JVM ? Verdict.JVM : pattern.isLeak() ? Verdict.SUSPECT : Verdict.HEALTHY,
        Evidence.SHAPE, List.of(count), false, null, List.of(), null);
  }

  /** This group with another verdict and its evidence. */
  StackGroup judged(Verdict v, Evidence e, List<Integer> newCounts, boolean grew, String known,
      List<String> retainers) {
    return new StackGroup(pattern, count, state, top, appFrame, threadIds, threadNames, virtualCount, stack, advice,
        lockChain, v, e, newCounts, grew, known, retainers, spawnSite);
  }
}
