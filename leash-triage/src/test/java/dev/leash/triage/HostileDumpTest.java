package dev.leash.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dumps written to hurt the parsers (issue 18): each shape must cost linear time and give a correct report. */
class HostileDumpTest {

  /** CPU time of this thread: the machine may be shared, wall time would measure the neighbours. */
  static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  static ThreadSnapshot parse(byte[] bytes) throws IOException {
    return ThreadSnapshot.parse(new ByteArrayInputStream(bytes), "hostile");
  }

  /** Threads of {@code jdk25-leaky.json}, each with its name, in order. */
  static List<String> names(ThreadSnapshot s) {
    return s.threads().stream().map(SnapshotThread::name).toList();
  }

  @Test
  @Timeout(20)
  void invalidUtf8ByteInOneThreadSkipsOnlyThatThreadAndSaysWhere() throws IOException {
    byte[] good = DumpParserTest.bytes("jdk25-leaky.json");
    int total = DumpParserTest.resource("jdk25-leaky.json").threads().size();
    String text = new String(good, StandardCharsets.UTF_8);
    int at = text.indexOf("\"name\": \"Finalizer\"") + "\"name\": \"Fin".length();
    byte[] bad = good.clone();
    bad[at] = (byte) 0xC3; // a lead byte followed by an ASCII byte: invalid UTF-8
    ThreadSnapshot s = parse(bad);
    assertThat(s.threads()).hasSize(total - 1);
    assertThat(names(s)).contains("main", "Reference Handler", "Signal Dispatcher").doesNotContain("Finalizer");
    assertThat(s.truncated()).isFalse();
    assertThat(s.warnings()).singleElement().asString()
        .contains("skipped 1 thread").contains("line " + lineOf(text, at)).contains("UTF-8");
  }

  @Test
  @Timeout(20)
  void strayClosingBraceSkipsOnlyThatThread() throws IOException {
    byte[] good = DumpParserTest.bytes("jdk25-leaky.json");
    int total = DumpParserTest.resource("jdk25-leaky.json").threads().size();
    String text = new String(good, StandardCharsets.UTF_8);
    int at = text.indexOf("\"name\": \"Reference Handler\"");
    String bad = text.substring(0, at) + "}" + text.substring(at);
    ThreadSnapshot s = parse(bad.getBytes(StandardCharsets.UTF_8));
    assertThat(s.threads()).hasSizeBetween(total - 2, total - 1);
    assertThat(names(s)).contains("main", "Finalizer", "dl-a", "vcons-0");
    assertThat(s.truncated()).isFalse();
    assertThat(s.warnings()).singleElement().asString().contains("skipped").contains("line " + lineOf(text, at));
  }

  @Test
  void aCutInsideARecoveredPartIsStillTruncated() throws IOException {
    byte[] good = DumpParserTest.bytes("jdk25-leaky.json");
    String text = new String(good, StandardCharsets.UTF_8);
    int at = text.indexOf("\"name\": \"Reference Handler\"");
    String bad = text.substring(0, at) + "}" + text.substring(at, text.length() * 3 / 4);
    ThreadSnapshot s = parse(bad.getBytes(StandardCharsets.UTF_8));
    assertThat(s.truncated()).isTrue();
    assertThat(names(s)).contains("main", "Finalizer");
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  @Test
  void newlineInAThreadNameDoesNotMergeThatThreadIntoThePreviousOne() throws IOException {
    String dump = """
        Full thread dump OpenJDK 64-Bit Server VM (25 mixed mode):

        "first" #10 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition
           java.lang.Thread.State: WAITING (parking)
        	at jdk.internal.misc.Unsafe.park(java.base@25/Native Method)
        	at app.First.run(First.java:1)

        "evil
        name" #11 prio=5 os_prio=0 tid=0x3 nid=0x4 runnable
           java.lang.Thread.State: RUNNABLE
        	at app.Spin.run(Spin.java:7)

        #12 "plain
        two" virtual WAITING 2026-11-23T08:38:00Z
            at app.Plain.run(Plain.java:3)
        """;
    ThreadSnapshot s = DumpParserTest.parse(dump);
    assertThat(names(s)).containsExactly("first", "evil\nname", "plain\ntwo");
    assertThat(s.threads().get(0).stack()).noneMatch(f -> f.contains("Spin"));
    assertThat(s.threads().get(1).stack()).containsExactly("app.Spin.run(Spin.java:7)");
    assertThat(s.threads().get(1).state()).isEqualTo(Thread.State.RUNNABLE);
    assertThat(s.threads().get(2).virtual()).isTrue();
  }

  @Test
  @Timeout(10)
  void aLockLineOfAngleBracketsIsLinear() throws IOException {
    String lt = "<".repeat(160_000);
    String dump = "\"t\" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting\n"
        + "   java.lang.Thread.State: BLOCKED (on object monitor)\n"
        + "\tat app.A.run(A.java:1)\n"
        + "\t- locked " + lt + "\n"
        + "\t- waiting to lock " + lt + "x>\n"
        + "\t- parking to wait for  <0x1> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)\n";
    long start = cpuNanos();
    ThreadSnapshot s = DumpParserTest.parse(dump);
    long ms = (cpuNanos() - start) / 1_000_000;
    SnapshotThread t = s.threads().get(0);
    assertThat(t.locks().ownedMonitors()).isEmpty();
    assertThat(t.locks().blockedOn()).isEqualTo(lt.substring(1) + "x");
    assertThat(t.locks().parkBlocker()).isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync@0x1");
    assertThat(ms).as("parse took %d ms", ms).isLessThan(2_000);
  }

  @Test
  @Timeout(20)
  void hashFloodedFramesCostAboutAsMuchAsOrdinaryFrames() throws IOException {
    int n = 16_384;
    // "Aa" and "BB" have the same String.hashCode, so every frame built from 14 of them collides
    List<String> flood = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      for (int bit = 0; bit < 14; bit++) {
        sb.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      flood.add(sb.toString());
    }
    assertThat(flood.stream().map(String::hashCode).distinct().count()).isEqualTo(1);
    List<String> control = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      control.add(String.format("c%027d", i));
    }
    parse(jsonDump(control)); // warm up
    long controlNs = time(jsonDump(control));
    long floodNs = time(jsonDump(flood));
    assertThat(floodNs).as("flood %d ms, control %d ms", floodNs / 1_000_000, controlNs / 1_000_000)
        .isLessThan(Math.max(5 * controlNs, 500_000_000L));
  }

  private static long time(byte[] dump) throws IOException {
    long start = cpuNanos();
    ThreadSnapshot s = parse(dump);
    long ns = cpuNanos() - start;
    assertThat(s.threads()).hasSize(1);
    return ns;
  }

  /** One thread whose stack holds every frame of {@code frames}; frames and lock values go through CharCache. */
  private static byte[] jsonDump(List<String> frames) {
    StringBuilder sb = new StringBuilder("{\"threadDump\":{\"threads\":[{\"tid\":\"1\",\"name\":\"t\",\"stack\":[");
    for (int i = 0; i < frames.size(); i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(frames.get(i)).append('"');
    }
    sb.append("]}]}}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @Timeout(20)
  void aLongMonitorChainEndingInACycleIsLinear() {
    int n = 40_000;
    List<SnapshotThread> threads = new ArrayList<>(n + 2);
    // thread i holds lock i and waits for lock i+1; the last two wait for each other
    for (int i = 0; i < n; i++) {
      String wants = "java.lang.Object@" + (i + 1 < n ? i + 1 : n - 2);
      threads.add(new SnapshotThread(i + 1, "t" + i, Thread.State.BLOCKED, false, false,
          List.of("app.Chain.step" + i + "(Chain.java:" + i + ")"),
          new ThreadLocks(wants, null, null, -1, List.of("java.lang.Object@" + i), List.of()), -1));
    }
    ThreadSnapshot s = new ThreadSnapshot(threads, "chain", false, -1, -1, Set.of());
    long start = cpuNanos();
    TriageReport r = Triage.analyze(s);
    long ms = (cpuNanos() - start) / 1_000_000;
    assertThat(r.patterns()).containsEntry(LeakPattern.DEADLOCK.id(), n);
    assertThat(ms).as("analysis took %d ms of CPU", ms).isLessThan(5_000);
    assertThat(r.groups()).allSatisfy(g -> assertThat(g.lockChain().length()).isLessThan(4_000));
  }

  @Test
  void reportTextEscapesTerminalControlsInNamesAndSource() throws IOException {
    String evil = "a\u001b[2Jb\rc\u009b31md\u202eevil\u2066x\u0085y";
    List<SnapshotThread> threads = List.of(new SnapshotThread(1, evil, Thread.State.WAITING, false, false,
        List.of("app.A.run(A.java:1)"), ThreadLocks.NONE, -1));
    ThreadSnapshot s = new ThreadSnapshot(threads, "dump\n\u001b[1mScore: 100.0%.json", false, -1, -1, Set.of());
    StringWriter w = new StringWriter();
    Reports.text(Triage.analyze(s), w);
    String out = w.toString();
    assertThat(out).doesNotContain("\u001b", "\r", "\u009b", "\u202e", "\u2066", "\u0085");
    assertThat(out.lines()).noneMatch(l -> l.startsWith("[1mScore"));
    assertThat(out).contains("a\\x1b[2Jb\\rc\\u009b31md\\u202eevil\\u2066x\\u0085y");
    StringWriter d = new StringWriter();
    Reports.diffText(List.of(), "before\u001b]0;x\u0007", "after\nforged", d);
    assertThat(d.toString()).doesNotContain("\u001b", "\u0007").hasLineCount(1);
  }

  @Test
  void untrustedEscapesControlsBidiAndLoneSurrogatesButKeepsOrdinaryText() {
    String ordinary = "pool-1-thread-2 Ünïcødé 线程 \uD83D\uDE00";
    assertThat(Untrusted.text(ordinary)).isSameAs(ordinary);
    assertThat(Untrusted.text("a\nb\tc\u007f")).isEqualTo("a\\nb\\tc\\x7f");
    assertThat(Untrusted.text("\u202a\u202e\u2069\u200f\u2028\uD800"))
        .isEqualTo("\\u202a\\u202e\\u2069\\u200f\\u2028\\ud800");
    assertThat(Untrusted.text("back\\slash")).isEqualTo("back\\slash");
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
