package dev.leash.junit;

import dev.leash.Leash;
import dev.leash.OwnerInfo;
import dev.leash.TaskInfo;
import dev.leash.triage.LeakPattern;
import dev.leash.triage.SnapshotThread;
import dev.leash.triage.StackGroup;
import dev.leash.triage.ThreadLocks;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageOptions;
import dev.leash.triage.TriageReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds threads that did not exist at a baseline and are still alive, waits up to the linger for them to end, and
 * describes the survivors with leash-triage.
 *
 * <p>The common clean case costs one listing of thread ids. Suspects are first filtered cheaply (their name and
 * {@link Thread#getStackTrace()} against the options and the {@code jvm} classification), then joined until the
 * linger runs out, so a check ends as soon as they are gone. Only when threads survive is a full JSON thread dump
 * taken, for the lock information the failure message needs.
 */
final class Detector {
  private static final long SPIN_WINDOW_MILLIS = 100;
  /** Leash's runtime classes whose frames are plumbing; the rest of dev.leash (tests, examples) is application. */
  private static final List<String> LEASH_RUNTIME = List.of("GroupTask", "TaskGroup", "AbstractContext",
      "CancelContext", "Callback", "DeadlineTimer", "InterruptBinding", "Loop", "WorkerPool", "Channel", "Select",
      "Supervisor", "ServiceGroup", "Retry", "Backoff", "CircuitBreaker", "junit.Detector", "junit.Leaks",
      "junit.LeakCheckExtension");
  static final TriageOptions TRIAGE = triageOptions();

  private Detector() {}

  private static TriageOptions triageOptions() {
    List<String> prefixes = new ArrayList<>();
    for (String p : TriageOptions.DEFAULT_LIBRARY_PREFIXES) {
      if (!p.equals("dev.leash.")) {
        prefixes.add(p);
      }
    }
    for (String c : LEASH_RUNTIME) {
      prefixes.add("dev.leash." + c + ".");
      prefixes.add("dev.leash." + c + "$");
    }
    return TriageOptions.DEFAULTS.withLibraryPrefixes(prefixes);
  }

  /** Ids of every live thread (platform and virtual). */
  static Set<Long> liveIds() {
    Map<Long, Thread> all = LiveThreads.all();
    if (all != null) {
      return new HashSet<>(all.keySet());
    }
    Set<Long> ids = new HashSet<>();
    for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
      ids.add(id);
    }
    for (SnapshotThread t : dump().threads()) {
      ids.add(t.id());
    }
    return ids;
  }

  /**
   * Checks for threads absent from {@code baseline} (and from {@code options.current()}).
   *
   * @param what what leaked them, for the message ({@code "FeedTest.leaks()"})
   * @return null when clean, else the error to throw
   */
  static LeakedThreadsError check(Set<Long> baseline, LeakOptions options, String what) {
    long self = Thread.currentThread().threadId();
    long deadline = System.nanoTime() + options.linger().toNanos();
    long pollMillis = 1;
    Map<Long, Suspect> suspects;
    while (true) {
      suspects = suspects(baseline, options, self);
      if (suspects.isEmpty()) {
        return null;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      boolean unjoinable = false;
      for (Suspect s : suspects.values()) {
        left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        if (s.thread() == null) {
          unjoinable = true;
          continue;
        }
        join(s.thread(), left);
      }
      if (unjoinable) {
        // Virtual threads seen only through a thread dump cannot be joined: look again with back-off.
        sleep(Math.min(pollMillis, TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime())) + 1));
        pollMillis = Math.min(pollMillis * 2, 100);
      }
    }
    return describe(suspects.keySet(), options, what);
  }

  private record Suspect(Thread thread, SnapshotThread view) {}

  private static Map<Long, Suspect> suspects(Set<Long> baseline, LeakOptions options, long self) {
    Map<Long, Suspect> out = new HashMap<>();
    List<SnapshotThread> views = new ArrayList<>();
    Map<Long, Thread> live = LiveThreads.all();
    if (live != null) {
      for (Thread t : live.values()) {
        long id = t.threadId();
        if (id != self && !baseline.contains(id) && !options.current().contains(id)) {
          SnapshotThread v = view(t);
          if (v != null && !options.ignores(v.name(), v.stack())) {
            out.put(id, new Suspect(t, v));
            views.add(v);
          }
        }
      }
    } else {
      Map<Long, Thread> platform = LiveThreads.platform();
      for (SnapshotThread v : dump().threads()) {
        long id = v.id();
        if (id != self && !baseline.contains(id) && !options.current().contains(id)
            && !options.ignores(v.name(), v.stack())) {
          out.put(id, new Suspect(platform.get(id), v));
          views.add(v);
        }
      }
    }
    if (!out.isEmpty()) {
      ThreadSnapshot snap = new ThreadSnapshot(views, "live threads", false, ProcessHandle.current().pid(), self,
          Set.of());
      for (StackGroup g : Triage.analyzeThreads(snap, views, TRIAGE).groups()) {
        if (g.pattern() == LeakPattern.JVM) {
          g.threadIds().forEach(out::remove);
        }
      }
    }
    return out;
  }

  /** A lock-free view of a live thread, or null if it ended meanwhile. */
  private static SnapshotThread view(Thread t) {
    StackTraceElement[] trace = t.getStackTrace();
    Thread.State state = t.getState();
    if (state == Thread.State.TERMINATED) {
      return null;
    }
    List<String> stack = new ArrayList<>(trace.length);
    for (StackTraceElement e : trace) {
      stack.add(frame(e));
    }
    return new SnapshotThread(t.threadId(), t.getName(), state, t.isVirtual(), t.isDaemon(), List.copyOf(stack),
        ThreadLocks.NONE, -1);
  }

  /** {@code class.method(File.java:line)}, the frame shape leash-triage uses. */
  static String frame(StackTraceElement e) {
    String where;
    if (e.isNativeMethod()) {
      where = "Native Method";
    } else if (e.getFileName() == null) {
      where = "Unknown Source";
    } else {
      where = e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
    }
    return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
  }

  /**
   * Two thread dumps a moment apart, kept to the suspects: the second is classified with the first as the earlier
   * snapshot, which is how a thread spinning in the same RUNNABLE frames is told from one merely running.
   */
  private static LeakedThreadsError describe(Set<Long> ids, LeakOptions options, String what) {
    ThreadSnapshot first = only(dump(), ids, options);
    if (first.threads().isEmpty()) {
      return null; // they ended between the last look and the dump
    }
    sleep(SPIN_WINDOW_MILLIS); // the observation window for busy-spin, not a synchronisation
    ThreadSnapshot second = only(dump(), ids, options);
    if (second.threads().isEmpty()) {
      return null;
    }
    TriageReport report = Triage.analyze(second, first, TRIAGE);
    List<StackGroup> groups = new ArrayList<>();
    for (StackGroup g : report.groups()) {
      if (g.pattern() != LeakPattern.JVM) {
        groups.add(g);
      }
    }
    if (groups.isEmpty()) {
      return null;
    }
    return new LeakedThreadsError(what, options.linger(), groups, spawnSites());
  }

  private static ThreadSnapshot only(ThreadSnapshot s, Set<Long> ids, LeakOptions options) {
    List<SnapshotThread> kept = new ArrayList<>();
    for (SnapshotThread t : s.threads()) {
      if (ids.contains(t.id()) && !options.ignores(t.name(), t.stack())) {
        kept.add(t);
      }
    }
    return new ThreadSnapshot(kept, s.source(), s.truncated(), s.pid(), s.dumperThreadId(), s.reportedDeadlocks());
  }

  private static Map<Long, String> spawnSites() {
    Map<Long, String> sites = new HashMap<>(JfrSpawnSites.sites());
    for (OwnerInfo o : Leash.tasks()) {
      for (TaskInfo t : o.tasks()) {
        String site = t.spawnSite() != null ? t.spawnSite() : "a " + o.kind() + " named " + o.name();
        sites.put(t.threadId(), site);
      }
    }
    return sites;
  }

  private static ThreadSnapshot dump() {
    try {
      return ThreadSnapshot.ofCurrentJvm();
    } catch (IOException e) {
      throw new UncheckedIOException("leak check could not take a thread dump of this JVM", e);
    }
  }

  private static void join(Thread t, long nanos) {
    try {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("leak check interrupted while waiting for threads to end", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis); // back-off between thread dumps; nothing to join on this path
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("leak check interrupted while waiting for threads to end", e);
    }
  }
}
