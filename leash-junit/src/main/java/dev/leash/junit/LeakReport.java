package dev.leash.junit;

import dev.leash.triage.SnapshotThread;
import dev.leash.triage.StackGroup;
import dev.leash.triage.ThreadSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a leak report, in one place, from the groups leash-triage made of the survivors: splits each group by spawn
 * site (two owners never hide in one group), tells timed waits (they give up by themselves) from leaks, and writes
 * the advice. Every leak check (per test, per class, end of run, {@link Leaks}) goes through {@link #build}.
 */
final class LeakReport {
  private static final int FRAMES = 8;
  private static final int NAMES = 10;

  private LeakReport() {}

  /** One reported group: the threads, how they were started (null when unknown), and what to do. */
  record Entry(StackGroup group, Spawns.Spawn spawn, boolean timed, String advice, String heap) {
    /** Every thread of the group was proven leaked from the heap. */
    boolean proven() {
      return heap != null && heap.startsWith("proven leaked");
    }
  }

  /** {@link #build(String, Duration, List, ThreadSnapshot, Map, HeapCheck.Outcome)} without a heap proof. */
  static LeakedThreadsError build(String what, Duration linger, List<StackGroup> groups, ThreadSnapshot snapshot,
      Map<Long, Spawns.Spawn> spawns) {
    return build(what, linger, groups, snapshot, spawns, null);
  }

  /**
   * The report; {@code proof} (or null) is what a heap proof of {@code snapshot} found, and each group says whether
   * it was proven leaked or who still holds it.
   */
  static LeakedThreadsError build(String what, Duration linger, List<StackGroup> groups, ThreadSnapshot snapshot,
      Map<Long, Spawns.Spawn> spawns, HeapCheck.Outcome proof) {
    List<Entry> leaks = new ArrayList<>();
    List<Entry> timed = new ArrayList<>();
    for (StackGroup triaged : groups) {
      for (StackGroup g : bySpawnSite(triaged, snapshot, spawns)) {
        Spawns.Spawn spawn = spawnOf(g, spawns);
        boolean isTimed = Advice.timedWait(g);
        String heap = proof == null ? null
            : proof.evidence() == null ? "no heap proof: " + proof.failure() : HeapCheck.line(g, proof.evidence());
        Entry e = new Entry(g, spawn, isTimed, Advice.of(g, spawn), heap);
        (isTimed ? timed : leaks).add(e);
      }
    }
    return new LeakedThreadsError(message(what, linger, leaks, timed), leaks, timed);
  }

  /** The group split by spawn site (the first frames outside the JDK and Leash that started each thread). */
  static List<StackGroup> bySpawnSite(StackGroup g, ThreadSnapshot snapshot, Map<Long, Spawns.Spawn> spawns) {
    Map<String, List<Long>> bySite = new LinkedHashMap<>();
    for (long id : g.threadIds()) {
      Spawns.Spawn s = spawns.get(id);
      String key = s == null ? "" : s.key();
      bySite.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
    }
    if (bySite.size() <= 1) {
      return List.of(g);
    }
    Map<Long, SnapshotThread> threads = new HashMap<>();
    for (SnapshotThread t : snapshot.threads()) {
      threads.put(t.id(), t);
    }
    List<StackGroup> out = new ArrayList<>();
    for (List<Long> ids : bySite.values()) {
      List<String> names = new ArrayList<>();
      int virtual = 0;
      List<String> stack = g.stack();
      for (long id : ids) {
        SnapshotThread t = threads.get(id);
        if (t == null) {
          continue;
        }
        if (names.isEmpty()) {
          stack = t.stack();
        }
        if (names.size() < NAMES) {
          names.add(t.name());
        }
        virtual += t.virtual() ? 1 : 0;
      }
      out.add(new StackGroup(g.pattern(), ids.size(), g.state(), g.top(), g.appFrame(), ids, names, virtual, stack,
          g.advice(), g.lockChain()));
    }
    return out;
  }

  private static Spawns.Spawn spawnOf(StackGroup g, Map<Long, Spawns.Spawn> spawns) {
    for (long id : g.threadIds()) {
      Spawns.Spawn s = spawns.get(id);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  private static String message(String what, Duration linger, List<Entry> leaks, List<Entry> timed) {
    StringBuilder sb = new StringBuilder();
    int n = count(leaks);
    if (n > 0) {
      sb.append(n).append(n == 1 ? " thread" : " threads").append(" leaked by ").append(what)
          .append(" (still alive ").append(millis(linger)).append(" after it ended):\n");
      for (Entry e : leaks) {
        group(sb, e);
      }
    }
    int t = count(timed);
    if (t > 0) {
      sb.append(n > 0 ? "\n" : "").append(t).append(t == 1 ? " thread" : " threads").append(" started by ")
          .append(what).append(" still wait").append(t == 1 ? "s" : "").append(" with a timeout ")
          .append(millis(linger)).append(" after it ended (not counted as a leak):\n");
      for (Entry e : timed) {
        group(sb, e);
      }
    }
    if (n > 0) {
      sb.append("\nStop and wait for these threads before the test ends (close their owner), or, if another part of")
          .append(" the suite owns them, ignore them with @LeakCheck(ignoreThreadNames/ignoreSpawnSites/...) or")
          .append(" leash.leakcheck.ignore* in junit-platform.properties.");
    }
    return sb.toString();
  }

  private static void group(StringBuilder sb, Entry e) {
    StackGroup g = e.group();
    sb.append('\n').append("  ").append(g.count()).append(" x ").append(g.pattern().id()).append(", ")
        .append(g.state()).append(": ").append(String.join(", ", g.threadNames()));
    if (g.count() > g.threadNames().size()) {
      sb.append(", ...");
    }
    sb.append('\n');
    if (g.appFrame() != null) {
      sb.append("    at     ").append(g.appFrame()).append('\n');
    }
    String site = e.spawn() != null ? e.spawn().site() : null;
    if (site != null) {
      sb.append("    started by ").append(site);
      String via = e.spawn().via();
      if (via != null) {
        sb.append(" via ").append(via);
      }
      sb.append('\n');
    }
    if (!g.top().isEmpty()) {
      sb.append("    in     ").append(g.top()).append('\n');
    }
    if (g.lockChain() != null && !g.lockChain().isEmpty()) {
      sb.append("    locks  ").append(g.lockChain()).append('\n');
    }
    if (e.heap() != null) {
      sb.append("    heap   ").append(e.heap()).append('\n');
    }
    sb.append("    fix    ").append(e.advice()).append('\n');
    List<String> stack = g.stack();
    for (int i = 0; i < Math.min(FRAMES, stack.size()); i++) {
      sb.append("        ").append(stack.get(i)).append('\n');
    }
    if (stack.size() > FRAMES) {
      sb.append("        ... ").append(stack.size() - FRAMES).append(" more\n");
    }
  }

  private static int count(List<Entry> entries) {
    return entries.stream().mapToInt(e -> e.group().count()).sum();
  }

  static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
