package dev.leash.triage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups the threads of a snapshot by stack and names the leak shape of each group.
 *
 * <p>Threads are grouped by pattern, state and "similar" stack (frames compared without line numbers, lambda and
 * hidden-class suffixes or generated proxy numbers). Deadlocks are cycles in the wait-for graph built from monitors
 * and {@code java.util.concurrent.locks} synchronizers; {@code busy-spin} needs a previous snapshot of the same JVM
 * (threads RUNNABLE in the same application frames in both). Stateless and thread-safe.
 */
public final class Triage {
  private Triage() {}

  /**
   * Classifies one snapshot with default options.
   *
   * @throws NullPointerException if snapshot is null
   */
  public static TriageReport analyze(ThreadSnapshot snapshot) {
    return analyze(snapshot, null, TriageOptions.DEFAULTS);
  }

  /**
   * Classifies {@code snapshot}; when {@code previous} (an earlier snapshot of the same JVM) is given, threads that
   * were RUNNABLE in the same application frames in both are {@code busy-spin}.
   *
   * @param previous an earlier snapshot of the same JVM, or {@code null}
   * @throws NullPointerException if snapshot or options is null
   */
  public static TriageReport analyze(ThreadSnapshot snapshot, ThreadSnapshot previous, TriageOptions options) {
    return analyze(snapshot, previous, options, null);
  }

  /**
   * Classifies {@code snapshot} and gives each group a {@link Verdict}: {@code leaked} for a lock cycle or threads a
   * heap proof found unreachable, {@code growing} when {@code previous} is given and the group's family grew (see
   * {@link StackGroup#growing()}), {@code healthy} for known infrastructure ({@link TriageOptions#known()}), owned
   * tasks and families that held or shrank, {@code suspect} for any other leak shape, {@code jvm} for the JVM's own.
   *
   * @param previous an earlier snapshot of the same JVM, or {@code null}
   * @param heap what a heap proof of the same moment found, or {@code null}
   * @throws NullPointerException if snapshot or options is null
   */
  public static TriageReport analyze(ThreadSnapshot snapshot, ThreadSnapshot previous, TriageOptions options,
      HeapEvidence heap) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(options, "options");
    return group(snapshot, snapshot.threads(), previous, options, heap);
  }

  /**
   * Classifies only {@code threads} (for example the threads a test left behind), using the whole {@code snapshot}
   * for lock owners and deadlocks.
   *
   * @throws NullPointerException if an argument is null
   */
  public static TriageReport analyzeThreads(ThreadSnapshot snapshot, List<SnapshotThread> threads,
      TriageOptions options) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(threads, "threads");
    Objects.requireNonNull(options, "options");
    return group(snapshot, threads, null, options, null);
  }

  /** The first application frame of {@code stack} under {@code options}, or {@code null}. */
  public static String appFrame(List<String> stack, TriageOptions options) {
    int i = appIndex(stack, options);
    return i < 0 ? null : stack.get(i);
  }

  /**
   * Whether {@code name} is the name of a JVM housekeeping thread (reference handler, compiler, GC and poller threads,
   * Leash's {@code leash-timer}...). Triage also classifies a platform daemon thread with no frames at all as
   * {@code jvm}; a caller that knows a thread is new (a leak check with a baseline) should not trust an empty stack,
   * which then only means the thread has not started running yet, and look again.
   *
   * @throws NullPointerException if name is null
   */
  public static boolean isJvmThreadName(String name) {
    return Shapes.isJvmName(Objects.requireNonNull(name, "name"));
  }

  static int appIndex(List<String> stack, TriageOptions o) {
    for (int i = 0; i < stack.size(); i++) {
      if (!o.isLibrary(stack.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private record Key(LeakPattern pattern, Thread.State state, List<String> folded, KnownThreads.Family known,
      HeapEvidence.Status proof) {}

  /** What is known of one distinct stack; {@code byState} caches the stack rule per thread state. */
  /**
   * What is known of one distinct stack; {@code family} is the folded stack without the parking internals above the
   * blocking call, so a pool worker's timed and untimed waits are one family.
   */
  private record StackFacts(int appIndex, List<String> folded, List<String> family, List<String> appFrames,
      Map<Thread.State, LeakPattern> byState) {
    LeakPattern byStack(List<String> stack, Thread.State state) {
      return byState.computeIfAbsent(state, s -> Shapes.byStack(stack, s, appIndex));
    }
  }

  private static final class Acc {
    final SnapshotThread first;
    final Object family;
    List<String> retainers = List.of();
    /** Every thread of the group was in the earlier snapshot too (with another stack, or it would have grouped). */
    boolean allSeenBefore = true;
    final List<Long> ids = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    int virtual;

    Acc(SnapshotThread first, Object family) {
      this.first = first;
      this.family = family;
    }
  }

  private static TriageReport group(ThreadSnapshot s, List<SnapshotThread> threads, ThreadSnapshot previous,
      TriageOptions o, HeapEvidence heap) {
    LockGraph graph = new LockGraph(s);
    Map<Long, SnapshotThread> before = new HashMap<>();
    Map<List<String>, StackFacts> beforeFacts = new IdentityHashMap<>();
    Growth growth = previous == null ? null : new Growth();
    if (previous != null) {
      for (SnapshotThread t : previous.threads()) {
        before.put(t.id(), t);
        StackFacts f = beforeFacts.computeIfAbsent(t.stack(), st -> facts(st, o));
        KnownThreads.Family k = Shapes.isJvm(t, previous, o, f.appIndex()) ? null : o.known().match(t);
        growth.countBefore(Growth.key(k == null ? null : k.name(), f.family()), t.name());
      }
    }
    Map<List<String>, StackFacts> facts = new IdentityHashMap<>();
    Map<Key, Acc> groups = new LinkedHashMap<>();
    for (SnapshotThread t : threads) {
      StackFacts f = facts.computeIfAbsent(t.stack(), st -> facts(st, o));
      LeakPattern p = classify(t, f, s, graph, o, before, beforeFacts);
      KnownThreads.Family k = p == LeakPattern.JVM ? null : o.known().match(t);
      HeapEvidence.Status proof = heap == null ? HeapEvidence.Status.NONE : heap.status(t.id());
      Object family = Growth.key(k == null ? null : k.name(), f.family());
      if (growth != null) {
        growth.countAfter(family, t.name());
      }
      Acc a = groups.computeIfAbsent(new Key(p, t.state(), f.folded(), k, proof), key -> new Acc(t, family));
      if (proof == HeapEvidence.Status.REACHABLE && a.retainers.isEmpty()) {
        a.retainers = heap.retainers().get(t.id());
      }
      a.ids.add(t.id());
      a.allSeenBefore &= before.containsKey(t.id());
      if (a.names.size() < o.maxNamesPerGroup()) {
        a.names.add(t.name());
      }
      if (t.virtual()) {
        a.virtual++;
      }
    }
    List<StackGroup> out = new ArrayList<>(groups.size());
    for (Map.Entry<Key, Acc> e : groups.entrySet()) {
      Acc a = e.getValue();
      Key key = e.getKey();
      LeakPattern p = key.pattern();
      List<String> stack = a.first.stack();
      int app = facts.get(stack).appIndex();
      String chain = p == LeakPattern.DEADLOCK || p == LeakPattern.LOCK_HELD_BLOCKING ? graph.chain(a.first, o) : "";
      StackGroup g = new StackGroup(p, a.ids.size(), a.first.state(), top(stack, app),
          app < 0 ? null : stack.get(app), a.ids, a.names, a.virtual, stack, p.advice(), chain);
      out.add(Verdicts.judge(g, key.known(), key.proof(), a.retainers, growth, a.family,
          growth != null && a.allSeenBefore));
    }
    out.sort(Comparator.comparingInt((StackGroup g) -> g.verdict().ordinal())
        .thenComparingInt(g -> rank(g.pattern()))
        .thenComparing(Comparator.comparingInt(StackGroup::count).reversed()));
    Map<LeakPattern, Integer> perPattern = new java.util.EnumMap<>(LeakPattern.class);
    Map<Verdict, Integer> perVerdict = new java.util.EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      perVerdict.put(v, 0);
    }
    for (StackGroup g : out) {
      perPattern.merge(g.pattern(), g.count(), Integer::sum);
      perVerdict.merge(g.verdict(), g.count(), Integer::sum);
    }
    Map<String, Integer> patterns = new LinkedHashMap<>();
    perPattern.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<LeakPattern, Integer> e) -> rank(e.getKey()))
            .thenComparing(Map.Entry.<LeakPattern, Integer>comparingByValue().reversed()))
        .forEach(e -> patterns.put(e.getKey().id(), e.getValue()));
    Map<String, Integer> verdicts = new LinkedHashMap<>();
    perVerdict.forEach((v, n) -> verdicts.put(v.id(), n));
    return new TriageReport(s.source(), threads.size(), s.truncated(), patterns, out, previous == null ? 1 : 2,
        verdicts, heap == null ? null : heap.source());
  }

  private static int rank(LeakPattern p) {
    return p == LeakPattern.JVM ? 2 : p == LeakPattern.UNKNOWN ? 1 : 0;
  }

  private static StackFacts facts(List<String> stack, TriageOptions o) {
    int app = appIndex(stack, o);
    List<String> appFrames = new ArrayList<>();
    for (String f : stack) {
      if (!o.isLibrary(f)) {
        appFrames.add(Frames.fold(f));
      }
    }
    List<String> folded = Frames.foldStack(stack);
    int from = 0;
    while (from < folded.size() - 1 && isPlumbing(Frames.method(folded.get(from)))) {
      from++;
    }
    return new StackFacts(app, folded, List.copyOf(folded.subList(from, folded.size())), appFrames,
        new java.util.EnumMap<>(Thread.State.class));
  }

  private static String top(List<String> stack, int app) {
    if (stack.isEmpty()) {
      return "";
    }
    if (app > 0) {
      return Frames.method(stack.get(app - 1));
    }
    if (app == 0) {
      return Frames.method(stack.get(0));
    }
    for (String f : stack) {
      String m = Frames.method(f);
      if (!isPlumbing(m)) {
        return m;
      }
    }
    return Frames.method(stack.get(0));
  }

  /** Parking and waiting internals under the call a reader cares about. */
  private static boolean isPlumbing(String m) {
    return m.startsWith("jdk.internal.") || m.startsWith("java.util.concurrent.locks.")
        || m.startsWith("java.lang.VirtualThread.") || m.startsWith("java.lang.System$")
        || m.startsWith("java.lang.Object.wait") || m.startsWith("java.util.concurrent.ForkJoinPool.managedBlock")
        || m.startsWith("java.util.concurrent.ForkJoinPool.unmanagedBlock") || m.startsWith("java.lang.Thread.sleep")
        || m.startsWith("java.util.concurrent.LinkedTransferQueue$DualNode");
  }

  private static LeakPattern classify(SnapshotThread t, StackFacts f, ThreadSnapshot s, LockGraph graph,
      TriageOptions o, Map<Long, SnapshotThread> before, Map<List<String>, StackFacts> beforeFacts) {
    if (Shapes.isJvm(t, s, o, f.appIndex())) {
      return LeakPattern.JVM;
    }
    if (graph.isDeadlocked(t.id())) {
      return LeakPattern.DEADLOCK;
    }
    if (graph.isWaitingForLock(t.id()) || graph.isHolderOfWantedLock(t.id())) {
      return LeakPattern.LOCK_HELD_BLOCKING;
    }
    LeakPattern p = f.byStack(t.stack(), t.state());
    if (p != LeakPattern.UNKNOWN) {
      return p;
    }
    if (t.state() == Thread.State.RUNNABLE && f.appIndex() >= 0) {
      SnapshotThread old = before.get(t.id());
      if (old != null && old.state() == Thread.State.RUNNABLE) {
        StackFacts of = beforeFacts.computeIfAbsent(old.stack(), st -> facts(st, o));
        if (of.appFrames().equals(f.appFrames())) {
          return LeakPattern.BUSY_SPIN;
        }
      }
    }
    return LeakPattern.UNKNOWN;
  }
}
