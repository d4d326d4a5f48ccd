package dev.leash.cli;

import static dev.leash.cli.TriageCliTest.assertOneLineError;
import static dev.leash.cli.TriageCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.cli.TriageCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code leash prove}, {@code capture --heap}, and the verdict options of {@code triage}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProveCliTest {
  private Path dir;
  private Run live;

  @BeforeAll
  void proveAChild(@TempDir Path tmp) throws Exception {
    dir = tmp;
    try (Child c = Child.grower()) {
      c.grow(5);
      live = run("prove", Long.toString(c.pid()));
      Run cap = run("capture", Long.toString(c.pid()), "--heap", "-o", tmp.resolve("moment.json").toString());
      assertThat(cap.code()).as(cap.err()).isZero();
      assertThat(cap.out()).contains("moment.json").contains("moment.txt").contains("moment.hprof");
    }
  }

  @Test
  void aWaitSomeoneStillHoldsIsSuspectWithThePathThatHoldsIt() {
    assertThat(live.code()).as(live.err()).isZero();
    assertThat(live.err()).startsWith("leash: heap proof: ").contains("0 proven leaked");
    // the feed threads wait on a queue the child's main thread keeps in a local variable
    assertThat(live.out()).contains("suspect (shape) [orphaned-consumer] 5 threads WAITING")
        .contains("  held   still reachable").contains("thread \"main\"")
        .contains("java.util.concurrent.LinkedBlockingQueue");
    assertThat(live.out().lines().toList().get(1)).contains("suspect");
  }

  @Test
  void aHeapDumpAndAThreadDumpOfOneMomentProveTheSame() {
    Path hprof = dir.resolve("moment.hprof");
    Run r = run("prove", hprof.toString(), dir.resolve("moment.json").toString(), "--format", "json",
        "--fail-on", "suspect");
    assertThat(r.code()).as("suspect found: --fail-on suspect exits 1").isEqualTo(1);
    assertThat(r.out()).contains("\"verdict\" : \"suspect\"").contains("\"retainedBy\" : [")
        .contains("\"heap\" : \"" + hprof + "\"");
    Run leakedOnly = run("prove", hprof.toString(), dir.resolve("moment.json").toString(), "--fail-on", "leaked");
    assertThat(leakedOnly.code()).isZero();
    Run triage = run("triage", dir.resolve("moment.json").toString(), "--heap", hprof.toString());
    assertThat(triage.code()).isZero();
    assertThat(triage.out()).contains("(heap proof: " + hprof + ")").contains("  held   ");
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Path hprof = dir.resolve("moment.hprof");
    assertOneLineError(run("prove", hprof.toString()), "needs a thread dump of the same moment");
    assertOneLineError(run("prove", dir.resolve("nope.hprof").toString(), "x.json"), "no such file");
    Path notHprof = Files.writeString(dir.resolve("notes.hprof"), "hello");
    assertOneLineError(run("prove", notHprof.toString(), dir.resolve("moment.json").toString()),
        "not an HPROF heap dump");
    assertOneLineError(run("triage", dir.resolve("moment.json").toString(), "--fail-on", "healthy"),
        "would fail every run");
    assertOneLineError(run("triage", dir.resolve("moment.json").toString(), "--fail-on", "bad"),
        "unknown --fail-on bad");
    assertOneLineError(run("triage", dir.resolve("moment.json").toString(), "--known", "nope.txt"),
        "no such file: nope.txt");
    Path known = Files.writeString(dir.resolve("known.txt"), "family: x\nname: (\n");
    assertOneLineError(run("triage", dir.resolve("moment.json").toString(), "--known", known.toString()),
        "line 2: bad name pattern");
  }

  @Test
  void aUsersKnownFileMakesItsFamilyHealthy() throws Exception {
    Path known = Files.writeString(dir.resolve("feeds.txt"), "family: our feeds\nname: feed-\\d+\n");
    Run r = run("triage", dir.resolve("moment.json").toString(), "--known", known.toString(), "--fail-on", "suspect");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("known as our feeds");
  }
}
