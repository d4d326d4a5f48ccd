package dev.leash.junit;

import dev.leash.triage.LeakPattern;
import dev.leash.triage.SnapshotThread;
import dev.leash.triage.StackGroup;
import dev.leash.triage.ThreadLocks;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageOptions;
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
import java.util.function.Predicate;

/**
 * Finds threads that did not exist at a baseline and are still alive, waits up to the linger for them to end, and
 * describes the survivors with leash-triage.
 *
 * <p>The common clean case costs one listing of thread ids. Suspects are first filtered cheaply (their name and
 * {@link Thread#getStackTrace()} against the options and the {@code jvm} classification), then joined until the
 * linger runs out, so a check ends as soon as they are gone. A new thread with no frames yet has not started running:
 * it stays a suspect and is looked at again (never dropped as {@code jvm} for its empty stack). Only when threads
 * survive are full JSON thread dumps taken, for the lock information the failure message needs; they list the new
 * threads afresh, so threads that keep being replaced are reported by whichever replacements are alive.
 */
final class Detector {
  private static final long SPIN_WINDOW_MILLIS = 100;
  /** Leash's runtime classes whose frames are plumbing; the rest of dev.leash (tests, examples) is application. */
  private static final List<String> LEASH_RUNTIME = List.of("GroupTask", "TaskGroup", "AbstractContext",
      "CancelContext", "Callback", "DeadlineTimer", "InterruptBinding", "Loop", "WorkerPool", "Channel", "Select",
      "Supervisor", "ServiceGroup", "Retry", "Backoff", "CircuitBreaker", "junit.Detector", "junit.Leaks",
      "junit.LeakCheckExtension", "junit.JupiterLeakCheck", "junit.PlatformLeakCheck", "junit.SuiteLeakCheck",
      "junit.Spawns");
  static final TriageOptions TRIAGE = triageOptions();

  private Detector() {}

  private static TriageOptions triageOptions() {
    List<String> prefixes = new ArrayList<>();
    for (String p : TriageOptions.DEFAULT_LIBRARY_PREFIXES) {
      if (!p.startsWith("dev.leash.")) {
        prefixes.add(p);
      }
    }
    for (String c : LEASH_RUNTIME) {
      prefixes.add("dev.leash." + c + ".");
      prefixes.add("dev.leash." + c + "$");
    }
    return TriageOptions.DEFAULTS.withLibraryPrefixes(prefixes);
  }

  /**
   * Where a check runs: the packages whose frames count as application code even where leash-triage would call them
   * library code (a library's own tests), and whether threads started from suite setup (static initializers,
   * {@code @BeforeAll}, {@code @BeforeClass}) are the run's rather than the test's.
   */
  record Scope(List<String> applicationPackages, boolean suiteScoped, Class<?> testClass) {
    static final Scope DEFAULT = new Scope(List.of(), true, null);

    /** leash-triage's options with the library prefixes that cover {@link #applicationPackages()} removed. */
    TriageOptions triage() {
      if (applicationPackages.isEmpty()) {
        return TRIAGE;
      }
      List<String> kept = new ArrayList<>();
      for (String p : TRIAGE.libraryPrefixes()) {
        boolean covers = false;
        for (String a : applicationPackages) {
          String pkg = a.endsWith(".") ? a : a + ".";
          covers |= p.endsWith(".*") ? pkg.equals(p.substring(0, p.length() - 1)) : pkg.startsWith(p);
        }
        if (!covers) {
          kept.add(p);
        }
      }
      return TRIAGE.withLibraryPrefixes(kept);
    }
  }

  /** The platform threads among {@code ids} (JFR records the start of those only). */
  private static Set<Long> platform(Set<Long> ids) {
    Set<Long> out = new HashSet<>();
    for (Map.Entry<Long, Thread> e : LiveThreads.platform().entrySet()) {
      if (ids.contains(e.getKey())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** True for frames of the JDK and of Leash's runtime: not the code that started or parked a thread. */
  static boolean isPlumbing(String frame) {
    if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")
        || frame.startsWith("com.sun.")) {
      return true;
    }
    if (frame.startsWith("dev.leash.")) {
      for (String c : LEASH_RUNTIME) {
        if (frame.startsWith("dev.leash." + c + ".") || frame.startsWith("dev.leash." + c + "$")) {
          return true;
        }
      }
    }
    return false;
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
    return check(baseline, options, what, Scope.DEFAULT);
  }

  /**
   * Checks for threads absent from {@code baseline} (and from {@code options.current()}) in {@code scope}. Threads
   * started from suite setup (when {@code scope.suiteScoped()}) and threads whose spawn site is ignored are left out
   * and the former handed to {@link SuiteThreads}, so no test is blamed for them.
   *
   * @return null when clean, else the error (which may hold only timed waits: see {@link LeakedThreadsError#fails()})
   */
  static LeakedThreadsError check(Set<Long> baseline, LeakOptions options, String what, Scope scope) {
    if (options.proof() == LeakOptions.Proof.AT_ONCE) {
      // prove what is there now; a proven leak cannot end by itself, so waiting out the linger would only cost time
      LeakedThreadsError now = checkAfter(baseline, options.linger(java.time.Duration.ZERO), what, scope);
      if (now != null && now.proven()) {
        return now;
      }
    }
    return checkAfter(baseline, options, what, scope);
  }

  private static LeakedThreadsError checkAfter(Set<Long> baseline, LeakOptions options, String what, Scope scope) {
    Set<Long> survivors = survivors(baseline, options);
    if (survivors.isEmpty()) {
      return null;
    }
    boolean needSpawns = options.hasSpawnIgnores() || scope.suiteScoped();
    Map<Long, Spawns.Spawn> spawns = needSpawns || Spawns.jfrOn() ? Spawns.known(platform(survivors))
        : LeashOwners.spawns();
    Set<Long> skip = new HashSet<>();
    Predicate<Long> skipped = id -> {
      if (skip.contains(id)) {
        return true;
      }
      Spawns.Spawn s = spawns.get(id);
      if (s != null && options.ignoresSpawn(s.frames())) {
        skip.add(id);
        return true;
      }
      if (s != null && scope.suiteScoped() && s.fromSuiteSetup(scope.testClass())) {
        SuiteThreads.add(id);
        skip.add(id);
        return true;
      }
      return false;
    };
    if (survivors.stream().allMatch(skipped)) {
      return null;
    }
    return describe(baseline, options, what, scope, skipped);
  }

  /**
   * The suspects still alive when the linger ran out (or none, as soon as they are all gone): threads absent from
   * {@code baseline} and {@code options.current()}, not ignored and not JVM housekeeping. A thread without frames yet
   * is kept and looked at again until it has some, since only then can it be classified.
   */
  static Set<Long> survivors(Set<Long> baseline, LeakOptions options) {
    long self = Thread.currentThread().threadId();
    long deadline = System.nanoTime() + options.linger().toNanos();
    long pollMillis = 1;
    Map<Long, Suspect> suspects;
    boolean seen = false;
    while (true) {
      suspects = suspects(baseline, options, self);
      if (suspects.isEmpty() && seen) {
        // A listing is not atomic: one racing with a thread that hands over to its replacement as it ends can miss
        // both. The replacement was started before the old thread ended, so a second listing sees it.
        suspects = suspects(baseline, options, self);
      }
      if (suspects.isEmpty()) {
        return Set.of();
      }
      seen = true;
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      boolean poll = false;
      for (Suspect s : suspects.values()) {
        left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        if (s.thread() == null || s.unstarted()) {
          poll = true;
          continue;
        }
        join(s.thread(), left);
      }
      if (poll) {
        // Virtual threads seen only through a thread dump cannot be joined, and a thread that has not run yet cannot
        // be classified: look again with back-off (joining the unstarted ones, so one that ends is seen at once).
        long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(pollMillis), Math.max(0, deadline - System.nanoTime()));
        Thread unstarted = null;
        for (Suspect s : suspects.values()) {
          if (s.unstarted() && s.thread() != null) {
            unstarted = s.thread();
            break;
          }
        }
        if (unstarted != null) {
          join(unstarted, wait);
        } else {
          sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        }
        pollMillis = Math.min(pollMillis * 2, 100);
      }
    }
    return suspects.keySet();
  }

  /**
   * A thread alive now and absent from the baseline.
   *
   * @param thread the thread, or null when it was seen only in a thread dump
   * @param unstarted true when it has no frames yet: new since the baseline, so an empty stack means it has not
   *     started running (not that it is JVM-internal); it is looked at again before it is classified
   */
  private record Suspect(Thread thread, SnapshotThread view, boolean unstarted) {
    Suspect(Thread thread, SnapshotThread view) {
      this(thread, view, view.stack().isEmpty() && !view.virtual() && !Triage.isJvmThreadName(view.name()));
    }
  }

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
          // jvm by name or JDK frames: dropped; jvm only for an empty stack: a new thread not yet running, kept
          g.threadIds().forEach(id -> out.computeIfPresent(id, (k, s) -> s.unstarted() ? s : null));
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
   * Two thread dumps a moment apart, kept to the threads new since the baseline that are alive at each: the second is
   * classified with the first as the earlier snapshot, which is how a thread spinning in the same RUNNABLE frames is
   * told from one merely running. Both dumps list the new threads afresh rather than only the survivors of the linger,
   * so threads that keep being replaced (each living less than the window) are reported by their live replacements.
   * Returns null only when no new thread other than JVM housekeeping is alive.
   */
  private static LeakedThreadsError describe(Set<Long> baseline, LeakOptions options, String what, Scope scope,
      Predicate<Long> skipped) {
    long self = Thread.currentThread().threadId();
    ThreadSnapshot first = freshDump(baseline, options, self, skipped);
    if (first.threads().isEmpty()) {
      return null; // they ended between the last look and the dump
    }
    sleep(SPIN_WINDOW_MILLIS); // the observation window for busy-spin, not a synchronisation
    for (int look = 0; ; look++) {
      ThreadSnapshot second = freshDump(baseline, options, self, skipped);
      if (second.threads().isEmpty()) {
        return null;
      }
      List<StackGroup> groups = new ArrayList<>();
      for (StackGroup g : Triage.analyze(second, first, scope.triage()).groups()) {
        if (g.pattern() != LeakPattern.JVM) {
          groups.add(g);
        }
      }
      if (!groups.isEmpty()) {
        Set<Long> ids = new HashSet<>();
        groups.forEach(g -> ids.addAll(g.threadIds()));
        boolean suspects = groups.stream().anyMatch(g -> !Advice.timedWait(g));
        HeapCheck.Outcome proof = options.proof() == LeakOptions.Proof.OFF || !suspects ? null
            : HeapCheck.prove(second);
        return LeakReport.build(what, options.linger(), groups, second, Spawns.known(platform(ids)), proof);
      }
      if (look >= UNSTARTED_LOOKS || !hasUnstarted(second)) {
        return null;
      }
      // a replacement caught before it ran looks like a JVM thread: look again once it has frames
      sleep(1L << look);
    }
  }

  private static final int UNSTARTED_LOOKS = 6;

  private static boolean hasUnstarted(ThreadSnapshot s) {
    for (SnapshotThread t : s.threads()) {
      if (t.stack().isEmpty() && !t.virtual() && !Triage.isJvmThreadName(t.name())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A dump kept to the threads new since the baseline; when it has none, a second dump, since the first may have raced
   * with a thread handing over to its replacement (a dump lists the threads, then reads them one by one).
   */
  private static ThreadSnapshot freshDump(Set<Long> baseline, LeakOptions options, long self,
      Predicate<Long> skipped) {
    ThreadSnapshot s = fresh(dump(), baseline, options, self, skipped);
    return s.threads().isEmpty() ? fresh(dump(), baseline, options, self, skipped) : s;
  }

  /** The threads of {@code s} new since the baseline and not ignored. */
  private static ThreadSnapshot fresh(ThreadSnapshot s, Set<Long> baseline, LeakOptions options, long self,
      Predicate<Long> skipped) {
    List<SnapshotThread> kept = new ArrayList<>();
    for (SnapshotThread t : s.threads()) {
      long id = t.id();
      if (id != self && !baseline.contains(id) && !options.current().contains(id)
          && !options.ignores(t.name(), t.stack()) && !skipped.test(id)) {
        kept.add(t);
      }
    }
    return new ThreadSnapshot(kept, s.source(), s.truncated(), s.pid(), s.dumperThreadId(), s.reportedDeadlocks());
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
