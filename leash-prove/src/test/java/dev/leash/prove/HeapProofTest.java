package dev.leash.prove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.triage.HeapEvidence;
import dev.leash.triage.SnapshotThread;
import dev.leash.triage.StackGroup;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageOptions;
import dev.leash.triage.TriageReport;
import dev.leash.triage.Verdict;
import fixture.ProveLeaks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof on a real heap dump of a child JVM with threads nobody can wake beside threads that can be woken. */
class HeapProofTest {
  @TempDir static Path dir;
  static Path heap;
  static ThreadSnapshot threads;
  static HeapProof.Result result;

  @BeforeAll
  static void dumpAndProve() throws Exception {
    try (ChildJvm child = ChildJvm.start(ProveLeaks.class)) {
      threads = child.waitingDump(dir, List.of("lost-consumer-", "lost-waiter", "lost-future-get",
          "lost-ticker", "held-", "request-pool-", "kept-pool-", "virtual-lost-"));
      heap = dir.resolve("heap.hprof");
      child.jcmd("GC.heap_dump", heap.toString());
    }
    result = HeapProof.prove(heap, threads);
  }

  @AfterAll
  static void report() {
    System.out.println("proof: " + result);
  }

  private static Map<String, Boolean> leakedByName() {
    HeapEvidence e = result.evidence();
    return threads.threads().stream().filter(t -> e.examined().contains(t.id()))
        .collect(Collectors.toMap(SnapshotThread::name, t -> e.unreachable().contains(t.id()), (a, b) -> a));
  }

  @Test
  void waitsNobodyCanReachAreProvenLeaked() {
    Map<String, Boolean> leaked = leakedByName();
    assertThat(leaked.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted())
        .as("proven leaked")
        .hasSize(3 + 3 + 3 + 1 + 1 + 1 + 1)
        .allMatch(n -> n.startsWith("lost-consumer-") || n.startsWith("request-pool-") || n.startsWith("virtual-lost-")
            || n.equals("lost-waiter") || n.equals("lost-future-get") || n.equals("lost-ticker")
            || n.equals("lost-selector"));
  }

  @Test
  void waitsSomeoneCanStillReachAreNotLeakedAndSayWhoHoldsThem() {
    HeapEvidence e = result.evidence();
    for (SnapshotThread t : threads.threads()) {
      if (t.name().startsWith("held-consumer-")) {
        assertThat(e.unreachable()).doesNotContain(t.id());
        assertThat(e.retainers().get(t.id())).first().asString().isEqualTo("static fixture.ProveLeaks.HELD");
        assertThat(e.retainers().get(t.id())).last().asString().contains("the way out");
      }
      if (t.name().startsWith("kept-pool-")) {
        assertThat(e.unreachable()).doesNotContain(t.id());
        assertThat(String.join(" -> ", e.retainers().get(t.id()))).contains("ProveLeaks.KEPT");
      }
      if (t.name().equals("sleeper") || t.name().equals("main") || t.name().equals("serving-selector")) {
        assertThat(e.unreachable()).doesNotContain(t.id());
      }
    }
  }

  @Test
  void triageWithTheProofSaysLeakedForTheProvenAndSuspectWithAPathForTheRest() {
    TriageReport r = Triage.analyze(threads, null, TriageOptions.DEFAULTS, result.evidence());
    List<StackGroup> leaked = r.withVerdict(Verdict.LEAKED);
    assertThat(leaked).allMatch(g -> g.evidence().id().equals("unreachable"));
    assertThat(leaked.stream().mapToInt(StackGroup::count).sum()).isEqualTo(13);
    assertThat(r.groups()).filteredOn(g -> g.threadNames().stream().anyMatch(n -> n.startsWith("held-consumer-")))
        .singleElement().satisfies(g -> {
          assertThat(g.verdict()).isEqualTo(Verdict.SUSPECT);
          assertThat(g.retainedBy()).first().asString().contains("ProveLeaks.HELD");
        });
    assertThat(r.groups().get(0).verdict()).isEqualTo(Verdict.LEAKED);
  }

  @Test
  void missingEmptyTextAndCutShortFilesAreOneLineErrors(@TempDir Path tmp) throws IOException {
    assertOneLine(tmp.resolve("nope.hprof"), "no such file");
    Path empty = Files.createFile(tmp.resolve("empty.hprof"));
    assertOneLine(empty, "is empty");
    Path text = Files.writeString(tmp.resolve("dump.hprof"), "\"main\" #1 prio=5\n   java.lang.Thread.State: RUNNABLE\n");
    assertOneLine(text, "not an HPROF heap dump");
    Path cut = tmp.resolve("cut.hprof");
    try (InputStream in = Files.newInputStream(heap); OutputStream out = Files.newOutputStream(cut)) {
      out.write(in.readNBytes((int) (Files.size(heap) / 2)));
    }
    assertOneLine(cut, "cannot be read as a heap dump");
  }

  @Test
  void aThreadDumpOfAnotherJvmIsRefused() throws IOException {
    ThreadSnapshot mine = ThreadSnapshot.ofCurrentJvm();
    assertThatThrownBy(() -> HeapProof.prove(heap, mine)).isInstanceOf(HeapFormatException.class)
        .hasMessageContaining("not of one JVM at one moment").message().doesNotContain("\n");
  }

  private static void assertOneLine(Path file, String contains) {
    assertThatThrownBy(() -> HeapProof.prove(file, threads)).isInstanceOf(HeapFormatException.class)
        .hasMessageContaining(contains).message().doesNotContain("\n");
  }
}
