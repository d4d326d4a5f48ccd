package dev.leash.triage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wait-for graph of a snapshot: an edge from a thread waiting to acquire a lock (a monitor it is BLOCKED on, or a
 * {@code java.util.concurrent.locks} synchronizer it is parked on) to the thread holding that lock. Each thread waits
 * for at most one lock, so cycles are found by following single edges.
 */
final class LockGraph {
  private final Map<Long, SnapshotThread> byId = new HashMap<>();
  private final Map<Long, Long> waitsFor = new HashMap<>();
  private final Map<Long, String> waitedLock = new HashMap<>();
  private final Set<Long> holders = new HashSet<>();
  private final Set<Long> deadlocked = new HashSet<>();
  /** How many threads wait for a lock each holder holds. */
  private final Map<Long, Integer> waiters = new HashMap<>();
  /** A lock chain in a report names at most this many hops: a dump may hold a chain of 40,000 threads. */
  static final int MAX_CHAIN_HOPS = 8;

  LockGraph(ThreadSnapshot s) {
    Map<String, Long> monitorOwner = new HashMap<>();
    Map<String, Long> syncOwner = new HashMap<>();
    for (SnapshotThread t : s.threads()) {
      byId.put(t.id(), t);
      ThreadLocks l = t.locks();
      for (String m : l.ownedMonitors()) {
        if (!m.equals(l.waitingOn()) && !m.equals(l.blockedOn())) {
          monitorOwner.put(m, t.id());
        }
      }
      for (String m : l.ownedSynchronizers()) {
        syncOwner.put(m, t.id());
      }
    }
    for (SnapshotThread t : s.threads()) {
      ThreadLocks l = t.locks();
      Long owner = null;
      String lock = null;
      if (l.blockedOn() != null) {
        lock = l.blockedOn();
        owner = monitorOwner.get(lock);
      } else if (isAcquire(t)) {
        lock = l.parkBlocker();
        owner = l.parkBlockerOwner() >= 0 ? Long.valueOf(l.parkBlockerOwner()) : syncOwner.get(lock);
      }
      if (lock != null) {
        waitedLock.put(t.id(), lock);
      }
      if (owner != null && owner != t.id()) {
        waitsFor.put(t.id(), owner);
        holders.add(owner);
        waiters.merge(owner, 1, Integer::sum);
      }
    }
    findCycles();
    for (SnapshotThread t : s.threads()) {
      if (s.reportedDeadlocks().contains(t.name()) && !t.name().isEmpty()) {
        deadlocked.add(t.id());
      }
    }
  }

  /** True when {@code t} is parked acquiring a lock (not waiting on a condition, latch or queue). */
  static boolean isAcquire(SnapshotThread t) {
    String b = t.locks().parkBlocker();
    if (b == null) {
      return false;
    }
    int at = b.indexOf('@');
    String cls = at < 0 ? b : b.substring(0, at);
    return cls.startsWith("java.util.concurrent.locks.") && (cls.endsWith("Sync") || cls.endsWith("StampedLock"));
  }

  private void findCycles() {
    Map<Long, Integer> color = new HashMap<>(); // absent: unvisited, 1 on current path, 2 done
    for (Long start : waitsFor.keySet()) {
      if (color.containsKey(start)) {
        continue;
      }
      java.util.ArrayList<Long> path = new java.util.ArrayList<>();
      Long cur = start;
      while (cur != null && !color.containsKey(cur)) {
        color.put(cur, 1);
        path.add(cur);
        cur = waitsFor.get(cur);
      }
      if (cur != null && color.get(cur) == 1) {
        int from = path.indexOf(cur);
        deadlocked.addAll(path.subList(from, path.size()));
      }
      for (Long p : path) {
        color.put(p, 2);
      }
    }
    // threads waiting for a deadlocked thread are stuck behind the cycle: walk the wait-for edges backwards from the
    // cycles, each thread once (a fixed-point loop over all edges was quadratic on a long chain)
    Map<Long, List<Long>> waitedBy = new HashMap<>();
    for (Map.Entry<Long, Long> e : waitsFor.entrySet()) {
      waitedBy.computeIfAbsent(e.getValue(), k -> new java.util.ArrayList<>()).add(e.getKey());
    }
    java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(deadlocked);
    while (!todo.isEmpty()) {
      for (Long w : waitedBy.getOrDefault(todo.poll(), List.of())) {
        if (deadlocked.add(w)) {
          todo.add(w);
        }
      }
    }
  }

  /** The id of the thread holding the lock {@code id} waits to acquire, or -1. */
  long ownerOf(long id) {
    Long o = waitsFor.get(id);
    return o == null ? -1 : o;
  }

  boolean isDeadlocked(long id) {
    return deadlocked.contains(id);
  }

  boolean isWaitingForLock(long id) {
    return waitedLock.containsKey(id);
  }

  boolean isHolderOfWantedLock(long id) {
    return holders.contains(id);
  }

  /** The owner chain of the lock {@code t} waits for, e.g. {@code waits for X held by "a" #3 (...) -> ...}. */
  String chain(SnapshotThread t, TriageOptions o) {
    StringBuilder sb = new StringBuilder();
    Set<Long> seen = new HashSet<>();
    SnapshotThread cur = t;
    while (cur != null && seen.add(cur.id())) {
      if (seen.size() > MAX_CHAIN_HOPS) {
        sb.append(" -> ...");
        break;
      }
      String lock = waitedLock.get(cur.id());
      if (lock == null) {
        break;
      }
      if (!sb.isEmpty()) {
        sb.append(" -> which ");
      }
      sb.append("waits for ").append(lock);
      Long owner = waitsFor.get(cur.id());
      SnapshotThread h = owner == null ? null : byId.get(owner);
      if (h == null) {
        sb.append(" (holder not in the dump; take a jstack -l dump to see it)");
        break;
      }
      sb.append(" held by \"").append(h.name()).append("\" #").append(h.id()).append(" (").append(h.state());
      String app = Triage.appFrame(h.stack(), o);
      if (app != null) {
        sb.append(" at ").append(app);
      }
      sb.append(')');
      if (seen.contains(h.id())) {
        sb.append(" -> cycle");
      }
      cur = h;
    }
    if (sb.isEmpty() && holders.contains(t.id())) {
      int n = waiters.getOrDefault(t.id(), 0);
      List<String> held = t.locks().ownedMonitors();
      sb.append("holds a lock ").append(n).append(n == 1 ? " thread waits" : " threads wait").append(" for");
      if (!held.isEmpty()) {
        sb.append(" (").append(String.join(", ", held)).append(')');
      }
    }
    return sb.toString();
  }
}
