package dev.leash.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verdicts: growth between snapshots, known infrastructure, owned tasks and heap evidence. */
class VerdictTest {
  static final List<String> IDLE_WORKER = List.of(
      "jdk.internal.misc.Unsafe.park(Native Method)",
      "java.util.concurrent.locks.LockSupport.park(LockSupport.java:369)",
      "java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)",
      "java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)",
      "java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1130)",
      "java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
      "java.lang.Thread.run(Thread.java:1474)");
  static final List<String> TOMCAT_WORKER = List.of(
      "jdk.internal.misc.Unsafe.park(Native Method)",
      "java.util.concurrent.locks.LockSupport.park(LockSupport.java:369)",
      "java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)",
      "org.apache.tomcat.util.threads.TaskQueue.take(TaskQueue.java:122)",
      "org.apache.tomcat.util.threads.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1113)",
      "org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1175)",
      "org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)",
      "java.lang.Thread.run(Thread.java:1474)");
  static final List<String> SHADED_LOOP = List.of(
      "sun.nio.ch.EPoll.wait(Native Method)",
      "sun.nio.ch.EPollSelectorImpl.doSelect(EPollSelectorImpl.java:121)",
      "io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoop.select(NioEventLoop.java:879)",
      "io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:526)",
      "io.grpc.netty.shaded.io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997)",
      "java.lang.Thread.run(Thread.java:1474)");
  static final List<String> LEASH_TASK = List.of(
      "jdk.internal.misc.Unsafe.park(Native Method)",
      "java.util.concurrent.locks.LockSupport.park(LockSupport.java:369)",
      "dev.leash.CancelContext.await(CancelContext.java:120)",
      "com.acme.Feed.run(Feed.java:41)",
      "dev.leash.GroupTask.run(GroupTask.java:35)",
      "java.lang.Thread.run(Thread.java:1474)");

  private long nextId = 100;

  private SnapshotThread thread(String name, List<String> stack) {
    return new SnapshotThread(nextId++, name, Thread.State.WAITING, false, Boolean.FALSE, stack, ThreadLocks.NONE, -1);
  }

  private static ThreadSnapshot snapshot(List<SnapshotThread> threads) {
    return new ThreadSnapshot(threads, "test", false, -1, -1, Set.of());
  }

  private static StackGroup groupOf(TriageReport r, String name) {
    return r.groups().stream().filter(g -> g.threadNames().contains(name)).findFirst().orElseThrow();
  }

  @Test
  void oneSnapshotLeakShapesAreSuspectsUnlessKnownOrOwned() {
    ThreadSnapshot s = snapshot(List.of(thread("pool-3-thread-1", IDLE_WORKER),
        thread("http-nio-8080-exec-1", TOMCAT_WORKER), thread("grpc-nio-worker-ELG-1-2", SHADED_LOOP),
        thread("feed/1", LEASH_TASK)));
    TriageReport r = Triage.analyze(s);
    assertThat(groupOf(r, "pool-3-thread-1").verdict()).isEqualTo(Verdict.SUSPECT);
    assertThat(groupOf(r, "pool-3-thread-1").evidence()).isEqualTo(Evidence.SHAPE);
    StackGroup tomcat = groupOf(r, "http-nio-8080-exec-1");
    assertThat(tomcat.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(tomcat.knownAs()).isEqualTo("tomcat worker");
    assertThat(tomcat.pattern()).as("the pattern still says what kind of shape").isEqualTo(LeakPattern.IDLE_EXECUTOR);
    assertThat(groupOf(r, "grpc-nio-worker-ELG-1-2").knownAs()).isEqualTo("netty event loop");
    StackGroup owned = groupOf(r, "feed/1");
    assertThat(owned.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(owned.evidence()).isEqualTo(Evidence.OWNED);
    assertThat(r.verdicts()).containsEntry("suspect", 1).containsEntry("healthy", 3).containsEntry("leaked", 0);
    assertThat(r.groups().get(0).verdict()).isEqualTo(Verdict.SUSPECT);
  }

  @Test
  void anExecutorPerRequestGrowsAndAWarmingPoolDoesNot() {
    List<SnapshotThread> before = new ArrayList<>();
    List<SnapshotThread> after = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      before.add(thread("pool-" + i + "-thread-1", IDLE_WORKER));
    }
    for (int i = 1; i <= 10; i++) {
      before.add(thread("http-nio-8080-exec-" + i, TOMCAT_WORKER));
    }
    after.addAll(before);
    for (int i = 4; i <= 7; i++) {
      after.add(thread("pool-" + i + "-thread-1", IDLE_WORKER)); // four new owners: a pool per request
    }
    for (int i = 11; i <= 14; i++) {
      after.add(thread("http-nio-8080-exec-" + i, TOMCAT_WORKER)); // the same pool adding workers under load
    }
    TriageReport r = Triage.analyze(snapshot(after), snapshot(before), TriageOptions.DEFAULTS);
    StackGroup pools = groupOf(r, "pool-1-thread-1");
    assertThat(pools.verdict()).isEqualTo(Verdict.GROWING);
    assertThat(pools.growing()).isTrue();
    assertThat(pools.counts()).containsExactly(3, 7);
    assertThat(pools.evidence()).isEqualTo(Evidence.GROWTH);
    StackGroup tomcat = groupOf(r, "http-nio-8080-exec-1");
    assertThat(tomcat.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(tomcat.counts()).containsExactly(10, 14);
    assertThat(r.snapshots()).isEqualTo(2);
    assertThat(r.groups().get(0)).isSameAs(pools);
  }

  @Test
  void aPoolThatMoreThanDoublesGrowsEvenWhenKnownAndAHeldLeakShapeIsHealthy() {
    List<SnapshotThread> before = new ArrayList<>();
    List<SnapshotThread> after = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      before.add(thread("http-nio-8080-exec-" + i, TOMCAT_WORKER));
    }
    before.add(thread("pool-9-thread-1", IDLE_WORKER));
    after.addAll(before);
    for (int i = 3; i <= 7; i++) {
      after.add(thread("http-nio-8080-exec-" + i, TOMCAT_WORKER));
    }
    TriageReport r = Triage.analyze(snapshot(after), snapshot(before), TriageOptions.DEFAULTS);
    assertThat(groupOf(r, "http-nio-8080-exec-1").verdict()).isEqualTo(Verdict.GROWING);
    StackGroup held = groupOf(r, "pool-9-thread-1");
    assertThat(held.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(held.evidence()).isEqualTo(Evidence.GROWTH);
    assertThat(held.counts()).containsExactly(1, 1);
  }

  @Test
  void oneNewOwnerIsNotGrowthButANewLeakShapeStaysSuspect() {
    SnapshotThread old = thread("worker-a", IDLE_WORKER);
    ThreadSnapshot before = snapshot(List.of(old));
    SnapshotThread fresh = thread("lonely-1", VerdictTest.TOMCAT_WORKER.subList(0, 3));
    TriageReport r = Triage.analyze(snapshot(List.of(old, fresh)), before, TriageOptions.DEFAULTS);
    assertThat(groupOf(r, "lonely-1").verdict()).isEqualTo(Verdict.SUSPECT);
    assertThat(groupOf(r, "lonely-1").counts()).containsExactly(0, 1);
  }

  static final List<String> SCHEDULER_UNTIMED = List.of(
      "jdk.internal.misc.Unsafe.park(Native Method)",
      "java.util.concurrent.locks.LockSupport.park(LockSupport.java:369)",
      "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await(AbstractQueuedSynchronizer.java:1752)",
      "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take(ScheduledThreadPoolExecutor.java:1177)",
      "java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)",
      "java.lang.Thread.run(Thread.java:1474)");
  static final List<String> SCHEDULER_TIMED = List.of(
      "jdk.internal.misc.Unsafe.park(Native Method)",
      "java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:271)",
      "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.awaitNanos(AbstractQueuedSynchronizer.java:1802)",
      "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take(ScheduledThreadPoolExecutor.java:1170)",
      "java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)",
      "java.lang.Thread.run(Thread.java:1474)");

  @Test
  void aSchedulerLeakGrowsAcrossItsTimedAndUntimedWaits() {
    List<SnapshotThread> before = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      before.add(thread("pool-" + i + "-thread-1", SCHEDULER_UNTIMED));
    }
    List<SnapshotThread> after = new ArrayList<>(before);
    for (int i = 11; i <= 30; i++) {
      SnapshotThread t = thread("pool-" + i + "-thread-1", SCHEDULER_TIMED);
      after.add(new SnapshotThread(t.id(), t.name(), Thread.State.TIMED_WAITING, false, Boolean.FALSE, t.stack(),
          ThreadLocks.NONE, -1));
    }
    TriageReport r = Triage.analyze(snapshot(after), snapshot(before), TriageOptions.DEFAULTS);
    assertThat(groupOf(r, "pool-1-thread-1").verdict()).as("the old third of the leak").isEqualTo(Verdict.GROWING);
    assertThat(groupOf(r, "pool-1-thread-1").counts()).containsExactly(10, 30);
    assertThat(groupOf(r, "pool-11-thread-1").verdict()).isEqualTo(Verdict.GROWING);
  }

  @Test
  void aThreadThatWasThereBeforeAndMovedIsWorkingNotStuck() {
    SnapshotThread idle = thread("refresher", SCHEDULER_UNTIMED);
    SnapshotThread busy = new SnapshotThread(idle.id(), "refresher", Thread.State.WAITING, false, Boolean.FALSE,
        List.of("jdk.internal.misc.Unsafe.park(Native Method)",
            "java.util.concurrent.CompletableFuture.get(CompletableFuture.java:2094)",
            "com.acme.Refresher.call(Refresher.java:39)", "java.lang.Thread.run(Thread.java:1474)"),
        ThreadLocks.NONE, -1);
    TriageReport r = Triage.analyze(snapshot(List.of(busy)), snapshot(List.of(idle)), TriageOptions.DEFAULTS);
    StackGroup g = groupOf(r, "refresher");
    assertThat(g.pattern()).isEqualTo(LeakPattern.ORPHANED_CONSUMER);
    assertThat(g.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(g.counts()).containsExactly(0, 1);
  }

  @Test
  void heapEvidenceMakesLeakedAndGivesTheRetainerPath() {
    SnapshotThread lost = thread("lost", IDLE_WORKER);
    SnapshotThread held = thread("held", IDLE_WORKER);
    HeapEvidence e = new HeapEvidence("heap.hprof", Set.of(lost.id(), held.id()), Set.of(lost.id()),
        Map.of(held.id(), List.of("static com.acme.Registry.INSTANCE", "com.acme.Registry.pool",
            "java.util.concurrent.ThreadPoolExecutor (the way out)")));
    TriageReport r = Triage.analyze(snapshot(List.of(lost, held)), null, TriageOptions.DEFAULTS, e);
    StackGroup l = groupOf(r, "lost");
    assertThat(l.verdict()).isEqualTo(Verdict.LEAKED);
    assertThat(l.evidence()).isEqualTo(Evidence.UNREACHABLE);
    assertThat(l.threadNames()).containsExactly("lost");
    StackGroup h = groupOf(r, "held");
    assertThat(h.verdict()).isEqualTo(Verdict.SUSPECT);
    assertThat(h.retainedBy()).first().isEqualTo("static com.acme.Registry.INSTANCE");
    assertThat(r.heapSource()).isEqualTo("heap.hprof");
    assertThat(r.hasAtLeast(Verdict.LEAKED)).isTrue();
  }

  @Test
  void textLeadsWithVerdictsAndJsonCarriesTheContractFields() throws IOException {
    SnapshotThread lost = thread("lost", IDLE_WORKER);
    HeapEvidence e = new HeapEvidence("heap.hprof", Set.of(lost.id()), Set.of(lost.id()), Map.of());
    TriageReport r = Triage.analyze(snapshot(List.of(lost, thread("http-nio-1-exec-1", TOMCAT_WORKER))), null,
        TriageOptions.DEFAULTS, e);
    StringWriter text = new StringWriter();
    Reports.text(r, text);
    String[] lines = text.toString().split("\\R");
    assertThat(lines[1]).contains("leaked").contains("1 thread");
    assertThat(text.toString()).contains("leaked (unreachable) [idle-executor] 1 thread WAITING")
        .contains("healthy (known) [idle-executor] 1 thread WAITING, known as tomcat worker");
    StringWriter json = new StringWriter();
    Reports.json(r, json);
    assertThat(json.toString()).contains("\"verdicts\"").contains("\"leaked\" : 1").contains("\"snapshots\" : 1")
        .contains("\"verdict\" : \"leaked\"").contains("\"evidence\" : \"unreachable\"").contains("\"counts\"")
        .contains("\"growing\" : false").contains("\"knownAs\" : \"tomcat worker\"").contains("\"retainedBy\"")
        .contains("\"spawnSite\"");
  }

  @Test
  void ownersAreReadFromThreadNames() {
    assertThat(Growth.owner("pool-7-thread-3")).isEqualTo("pool-7-thread");
    assertThat(Growth.owner("nioEventLoopGroup-3-2")).isEqualTo("nioEventLoopGroup-3");
    assertThat(Growth.owner("http-nio-8080-exec-12")).isEqualTo("http-nio-8080-exec");
    assertThat(Growth.owner("HikariPool-1 housekeeper")).isEqualTo("HikariPool-1 housekeeper");
    assertThat(Growth.owner("Thread-12")).isEqualTo("Thread-12");
    assertThat(Growth.owner("42")).isEqualTo("42");
  }

  @Test
  void aUsersKnownFileComesFirstAndBadFilesNameTheLine(@TempDir Path dir) throws IOException {
    Path mine = Files.writeString(dir.resolve("known.txt"), """
        # our own
        family: acme feed   # trailing comment
        name: feed-\\d+
        frame: com.acme.Feed.run
        """);
    KnownThreads k = KnownThreads.defaults().withFile(mine);
    assertThat(k.size()).isEqualTo(KnownThreads.defaults().size() + 1);
    assertThat(k.familyOf("feed-1", List.of("com.acme.Feed.run(Feed.java:3)"))).isEqualTo("acme feed");
    assertThat(k.familyOf("feed-1", List.of("com.acme.Other.run(Other.java:3)"))).isNull();
    assertThat(KnownThreads.none().familyOf("http-nio-1-exec-1", TOMCAT_WORKER)).isNull();
    assertThatThrownBy(() -> KnownThreads.parse(new StringReader("name: x\n"), "f.txt"))
        .hasMessage("f.txt line 1: 'family:' must come first");
    assertThatThrownBy(() -> KnownThreads.parse(new StringReader("family: a\nname: (\n"), "f.txt"))
        .hasMessageStartingWith("f.txt line 2: bad name pattern (");
    assertThatThrownBy(() -> KnownThreads.parse(new StringReader("family: a\ncolour: red\n"), "f.txt"))
        .hasMessageContaining("line 2: unknown key colour");
    assertThatThrownBy(() -> KnownThreads.parse(new StringReader("family: a\nowned: true\n"), "f.txt"))
        .hasMessageContaining("line 1").hasMessageContaining("would match every thread");
  }
}
