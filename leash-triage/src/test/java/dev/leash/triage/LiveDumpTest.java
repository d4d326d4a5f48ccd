package dev.leash.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import leaky.AllLeaks;
import leaky.Clean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dumps of a child JVM that leaks every pattern (platform and virtual threads, monitors and j.u.c locks,
 * executors, Timer, scheduleAtFixedRate, socket reads, both kinds of deadlock), captured with jcmd during the test.
 * Every leaked thread is named after the pattern it must get.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveDumpTest {
  private Path dir;
  private ThreadSnapshot json1;
  private ThreadSnapshot json2;
  private ThreadSnapshot text1;
  private ThreadSnapshot text2;

  @BeforeAll
  void captureLeakyChild(@TempDir Path tmp) throws Exception {
    dir = tmp;
    try (ChildJvm child = ChildJvm.start(AllLeaks.class)) {
      json1 = child.jsonDump(dir, "a");
      text1 = child.textDump(dir, "a");
      json2 = child.jsonDump(dir, "b");
      text2 = child.textDump(dir, "b");
    }
  }

  /** Expected pattern of a thread from its name prefix, or null for threads the fixture did not name. */
  private static LeakPattern expected(String name) {
    LeakPattern best = null;
    for (LeakPattern p : LeakPattern.values()) {
      if (p.isLeak() && name.startsWith(p.id() + "-") && (best == null || p.id().length() > best.id().length())) {
        best = p;
      }
    }
    return best;
  }

  /** name -> pattern for every thread of the report. */
  private static Map<String, LeakPattern> byName(TriageReport r, ThreadSnapshot s) {
    Map<Long, String> names = new java.util.HashMap<>();
    for (SnapshotThread t : s.threads()) {
      names.put(t.id(), t.name());
    }
    Map<String, LeakPattern> out = new TreeMap<>();
    for (StackGroup g : r.groups()) {
      for (long id : g.threadIds()) {
        out.put(names.get(id), g.pattern());
      }
    }
    return out;
  }

  private static Map<String, String> mismatches(Map<String, LeakPattern> got) {
    Map<String, String> bad = new LinkedHashMap<>();
    got.forEach((name, p) -> {
      LeakPattern want = expected(name);
      if (want != null && want != p) {
        bad.put(name, "expected " + want.id() + " got " + p.id());
      }
      if (want == null && p.isLeak()) {
        bad.put(name, "unnamed thread classified " + p.id());
      }
    });
    return bad;
  }

  @Test
  void jsonDumpWithLockOwnersNamesEveryPattern() {
    TriageReport r = Triage.analyze(json2.withLockOwnersFrom(text2), json1, TriageOptions.DEFAULTS);
    Map<String, LeakPattern> got = byName(r, json2);
    assertThat(mismatches(got)).isEmpty();
    Set<LeakPattern> seen = EnumSet.noneOf(LeakPattern.class);
    seen.addAll(got.values());
    for (LeakPattern p : LeakPattern.values()) {
      if (p.isLeak()) {
        assertThat(seen).as("pattern %s seen", p.id()).contains(p);
      }
    }
    assertThat(r.patterns()).doesNotContainKey("unknown");
    // virtual threads are in JSON dumps
    assertThat(got).containsKeys("orphaned-consumer-take-v0", "stuck-io-read-v", "lock-held-blocking-waiter-v");
  }

  @Test
  void jsonDumpAloneFindsMonitorDeadlockButCannotSeeLockOwners() {
    TriageReport r = Triage.analyze(json2);
    Map<String, LeakPattern> got = byName(r, json2);
    assertThat(got.get("deadlock-monitor-a")).isEqualTo(LeakPattern.DEADLOCK);
    assertThat(got.get("deadlock-monitor-b")).isEqualTo(LeakPattern.DEADLOCK);
    // JDK 25 JSON dumps do not say who owns a ReentrantLock: waiting for one is all we know
    assertThat(got.get("deadlock-lock-a")).isEqualTo(LeakPattern.LOCK_HELD_BLOCKING);
    // one snapshot cannot tell a busy spin
    assertThat(got.get("busy-spin-loop")).isEqualTo(LeakPattern.UNKNOWN);
  }

  @Test
  void textDumpsNameEveryPlatformPatternFromLocksAndCycles() {
    TriageReport r = Triage.analyze(text2, text1, TriageOptions.DEFAULTS);
    Map<String, LeakPattern> got = byName(r, text2);
    assertThat(mismatches(got)).isEmpty();
    assertThat(got).containsEntry("deadlock-lock-a", LeakPattern.DEADLOCK)
        .containsEntry("deadlock-lock-b", LeakPattern.DEADLOCK)
        .containsEntry("deadlock-monitor-a", LeakPattern.DEADLOCK)
        .containsEntry("busy-spin-loop", LeakPattern.BUSY_SPIN)
        .containsEntry("lock-held-blocking-rholder", LeakPattern.LOCK_HELD_BLOCKING);
    assertThat(text2.reportedDeadlocks()).contains("deadlock-monitor-a", "deadlock-lock-b");
    StackGroup chain = r.groups().stream()
        .filter(g -> g.threadNames().contains("lock-held-blocking-rwaiter")).findFirst().orElseThrow();
    assertThat(chain.lockChain()).contains("held by \"lock-held-blocking-rholder\"");
  }

  @Test
  void jsonAndTextDumpsOfTheSameProgramAgree() {
    Map<String, LeakPattern> fromJson =
        byName(Triage.analyze(json2.withLockOwnersFrom(text2), json1, TriageOptions.DEFAULTS), json2);
    Map<String, LeakPattern> fromText = byName(Triage.analyze(text2, text1, TriageOptions.DEFAULTS), text2);
    Map<String, String> differ = new TreeMap<>();
    for (SnapshotThread t : json2.threads()) {
      if (!t.virtual() && fromText.containsKey(t.name()) && fromText.get(t.name()) != fromJson.get(t.name())) {
        differ.put(t.name(), "json " + fromJson.get(t.name()).id() + " text " + fromText.get(t.name()).id());
      }
    }
    assertThat(differ).isEmpty();
    assertThat(fromText.keySet()).contains("orphaned-consumer-take-0", "idle-executor-0", "unstopped-scheduler-timer");
  }

  @Test
  void diffOfTwoDumpsOfAStableProgramIsEmpty() {
    assertThat(Diff.between(Triage.analyze(json1), Triage.analyze(json2))).isEmpty();
  }

  @Test
  void cleanProgramHasNoLeakGroup() throws Exception {
    try (ChildJvm child = ChildJvm.start(Clean.class)) {
      ThreadSnapshot text = child.textDump(dir, "clean");
      ThreadSnapshot json = child.jsonDump(dir, "clean").withLockOwnersFrom(text);
      ThreadSnapshot json2 = child.jsonDump(dir, "clean2");
      TriageReport r = Triage.analyze(json2, json, TriageOptions.DEFAULTS);
      assertThat(r.leaks()).as(Reports.compact(r.groups(), 3)).isEmpty();
      assertThat(r.patterns()).doesNotContainKey("unknown");
      assertThat(Triage.analyze(text).leaks()).isEmpty();
    }
  }
}
