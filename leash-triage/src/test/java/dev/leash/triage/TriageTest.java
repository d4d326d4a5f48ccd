package dev.leash.triage;

import static dev.leash.triage.DumpParserTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TriageTest {
  static Map<String, LeakPattern> byName(TriageReport r, ThreadSnapshot s) {
    Map<Long, String> names = s.threads().stream()
        .collect(Collectors.toMap(SnapshotThread::id, SnapshotThread::name, (a, b) -> a));
    Map<String, LeakPattern> out = new java.util.HashMap<>();
    for (StackGroup g : r.groups()) {
      for (long id : g.threadIds()) {
        out.put(names.get(id), g.pattern());
      }
    }
    return out;
  }

  @Test
  void realJsonDumpGetsThePatternOfEachThread() throws IOException {
    ThreadSnapshot s = resource("jdk25-leaky.json");
    TriageReport r = Triage.analyze(s);
    Map<String, LeakPattern> p = byName(r, s);
    assertThat(p).containsEntry("vcons-0", LeakPattern.ORPHANED_CONSUMER)
        .containsEntry("pcons-1", LeakPattern.ORPHANED_CONSUMER)
        .containsEntry("vfut", LeakPattern.ORPHANED_CONSUMER)
        .containsEntry("waiter", LeakPattern.ORPHANED_CONSUMER)
        .containsEntry("prod-0", LeakPattern.ABANDONED_PRODUCER)
        .containsEntry("pool-1-thread-1", LeakPattern.IDLE_EXECUTOR)
        .containsEntry("pool-2-thread-1", LeakPattern.UNSTOPPED_SCHEDULER)
        .containsEntry("my-timer", LeakPattern.UNSTOPPED_SCHEDULER)
        .containsEntry("vsleep", LeakPattern.UNSTOPPED_SCHEDULER)
        .containsEntry("dl-a", LeakPattern.DEADLOCK)
        .containsEntry("holder", LeakPattern.LOCK_HELD_BLOCKING)
        .containsEntry("blocked-0", LeakPattern.LOCK_HELD_BLOCKING)
        .containsEntry("vblocked", LeakPattern.LOCK_HELD_BLOCKING)
        .containsEntry("sockread", LeakPattern.STUCK_IO)
        .containsEntry("vsockread", LeakPattern.STUCK_IO)
        .containsEntry("spinner", LeakPattern.UNKNOWN)
        .containsEntry("main", LeakPattern.JVM)
        .containsEntry("Finalizer", LeakPattern.JVM)
        .containsEntry("ForkJoinPool-1-worker-1", LeakPattern.JVM)
        .containsEntry("SubPoller-0", LeakPattern.JVM)
        .containsEntry("Attach Listener", LeakPattern.JVM);
    StackGroup consumers = r.groups().stream().filter(g -> g.threadNames().contains("vcons-0")).findFirst().orElseThrow();
    assertThat(consumers.count()).isEqualTo(3);
    assertThat(consumers.virtualCount()).isEqualTo(3);
    assertThat(consumers.top()).isEqualTo("java.util.concurrent.LinkedBlockingQueue.take");
    assertThat(consumers.appFrame()).isEqualTo("Leaky.lambda$main$0(Leaky.java:9)");
    assertThat(consumers.advice()).isEqualTo(LeakPattern.ORPHANED_CONSUMER.advice());
    StackGroup blocked = r.groups().stream().filter(g -> g.threadNames().contains("blocked-0")).findFirst().orElseThrow();
    assertThat(blocked.lockChain()).contains("held by \"holder\" #39").contains("Leaky.lambda$main$10(Leaky.java:28)");
    assertThat(r.patterns().keySet()).first().isNotEqualTo("jvm");
    assertThat(r.patterns().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(r.threads());
    assertThat(r.groups().get(r.groups().size() - 1).pattern()).isEqualTo(LeakPattern.JVM);
  }

  @Test
  void jdk21ShapeStillFindsTheBlockingShapes() throws IOException {
    ThreadSnapshot s = resource("jdk21-shape-leaky.json");
    Map<String, LeakPattern> p = byName(Triage.analyze(s), s);
    assertThat(p).containsEntry("pcons-0", LeakPattern.ORPHANED_CONSUMER)
        .containsEntry("prod-0", LeakPattern.ABANDONED_PRODUCER)
        .containsEntry("pool-1-thread-1", LeakPattern.IDLE_EXECUTOR)
        .containsEntry("my-timer", LeakPattern.UNSTOPPED_SCHEDULER)
        .containsEntry("sockread", LeakPattern.STUCK_IO)
        .containsEntry("main", LeakPattern.JVM);
  }

  @Test
  void lockOwnersFromATextDumpTurnJsonLockWaitsIntoADeadlock() throws IOException {
    ThreadSnapshot json = resource("jdk25-leaky.json");
    ThreadSnapshot text = resource("jdk25-leaky-l.txt");
    ThreadSnapshot merged = json.withLockOwnersFrom(text);
    assertThat(merged.thread(37).locks().parkBlockerOwner()).isEqualTo(38);
    Map<String, LeakPattern> p = byName(Triage.analyze(merged), merged);
    assertThat(p).containsEntry("jdl-a", LeakPattern.DEADLOCK).containsEntry("jdl-b", LeakPattern.DEADLOCK)
        .containsEntry("rblocked", LeakPattern.LOCK_HELD_BLOCKING)
        .containsEntry("rholder", LeakPattern.LOCK_HELD_BLOCKING);
  }

  @Test
  void busySpinNeedsTheSameRunnableAppFramesInTwoSnapshots() throws IOException {
    ThreadSnapshot a = resource("jdk25-leaky-l.txt");
    ThreadSnapshot b = resource("jdk25-leaky.txt");
    Map<String, LeakPattern> p = byName(Triage.analyze(b, a, TriageOptions.DEFAULTS), b);
    assertThat(p).containsEntry("spinner", LeakPattern.BUSY_SPIN);
    // the socket reader is RUNNABLE in both too, but blocked in I/O
    assertThat(p).containsEntry("sockread", LeakPattern.STUCK_IO);
    assertThat(p).containsEntry("main", LeakPattern.JVM);
  }

  @Test
  void deadlockCycleFoundWithoutTheJvmsOwnSection() {
    ThreadLocks a = new ThreadLocks("L2", null, null, -1, List.of("L1"), List.of());
    ThreadLocks b = new ThreadLocks(null, null, "java.util.concurrent.locks.ReentrantLock$FairSync@3", -1,
        List.of("L2"), List.of());
    ThreadLocks c = new ThreadLocks("L1", null, null, -1, List.of(), List.of("java.util.concurrent.locks.ReentrantLock$FairSync@3"));
    ThreadLocks d = new ThreadLocks("L1", null, null, -1, List.of(), List.of());
    List<String> st = List.of("com.acme.X.y(X.java:1)");
    ThreadSnapshot s = new ThreadSnapshot(List.of(
        new SnapshotThread(1, "a", Thread.State.BLOCKED, false, null, st, a, -1),
        new SnapshotThread(2, "b", Thread.State.WAITING, false, null, st, b, -1),
        new SnapshotThread(3, "c", Thread.State.BLOCKED, false, null, st, c, -1),
        new SnapshotThread(4, "d", Thread.State.BLOCKED, true, null, st, d, -1)), "synthetic", false, -1, -1,
        java.util.Set.of());
    TriageReport r = Triage.analyze(s);
    assertThat(byName(r, s)).containsEntry("a", LeakPattern.DEADLOCK).containsEntry("b", LeakPattern.DEADLOCK)
        .containsEntry("c", LeakPattern.DEADLOCK).containsEntry("d", LeakPattern.DEADLOCK);
    assertThat(r.groups().get(0).lockChain()).contains("cycle");
  }

  @Test
  void diffShowsWhatGrewAppearedAndShrankSortedByGrowth() {
    List<String> take = List.of("java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)",
        "com.acme.Feed.run(Feed.java:41)");
    List<String> put = List.of("java.util.concurrent.SynchronousQueue.put(SynchronousQueue.java:266)",
        "com.acme.Gen.run(Gen.java:9)");
    List<String> wait = List.of("java.lang.Object.wait(Object.java:389)", "com.acme.W.run(W.java:5)");
    ThreadSnapshot before = snapshot(take, 2, put, 0, wait, 5);
    ThreadSnapshot after = snapshot(take, 30, put, 4, wait, 1);
    List<GroupChange> d = Diff.between(Triage.analyze(before), Triage.analyze(after));
    assertThat(d).extracting(GroupChange::change).containsExactly("grew", "appeared", "shrank");
    assertThat(d.get(0).delta()).isEqualTo(28);
    assertThat(d.get(0).group().appFrame()).isEqualTo("com.acme.Feed.run(Feed.java:41)");
    assertThat(d.get(2).before()).isEqualTo(5);
  }

  private static ThreadSnapshot snapshot(List<String> s1, int n1, List<String> s2, int n2, List<String> s3, int n3) {
    List<SnapshotThread> ts = new java.util.ArrayList<>();
    long id = 1;
    for (int i = 0; i < n1; i++) {
      ts.add(new SnapshotThread(id++, "feed-" + i, Thread.State.WAITING, true, null, s1, ThreadLocks.NONE, -1));
    }
    for (int i = 0; i < n2; i++) {
      ts.add(new SnapshotThread(id++, "gen-" + i, Thread.State.WAITING, false, null, s2, ThreadLocks.NONE, -1));
    }
    for (int i = 0; i < n3; i++) {
      ts.add(new SnapshotThread(id++, "w-" + i, Thread.State.WAITING, false, null, s3, ThreadLocks.NONE, -1));
    }
    return new ThreadSnapshot(ts, "x", false, -1, -1, java.util.Set.of());
  }

  @Test
  void libraryPrefixesAreConfigurable() {
    List<String> st = List.of("java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)",
        "com.vendor.lib.Poller.next(Poller.java:3)", "com.acme.Feed.run(Feed.java:41)");
    assertThat(Triage.appFrame(st, TriageOptions.DEFAULTS)).isEqualTo("com.vendor.lib.Poller.next(Poller.java:3)");
    List<String> more = new java.util.ArrayList<>(TriageOptions.DEFAULT_LIBRARY_PREFIXES);
    more.add("com.vendor.");
    assertThat(Triage.appFrame(st, TriageOptions.DEFAULTS.withLibraryPrefixes(more)))
        .isEqualTo("com.acme.Feed.run(Feed.java:41)");
  }
}
