package dev.leash.realworld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.cli.Main;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dump pairs kept from fixture runs whose timing a live run does not always reproduce, triaged as they are.
 *
 * <p>{@code caffeine-leaky-parked}: the Caffeine fixture in leaky mode, 10 requests, 1.5 s, first dump, 20 quick
 * requests, second dump (made with a copy of the harness that waited 1.5 s after the warm-up). Each leaked
 * scheduler thread waits with a timeout for about a second (Caffeine's expiry pacer) and then parks for ever: the 10
 * old leak threads are WAITING in both dumps, the 20 new ones TIMED_WAITING in the second. All 30 are one leak that
 * grew 10 -> 30.
 *
 * <p>{@code jdk-scheduler-healthy-busy}: the healthy JDK scheduler fixture as the harness dumps it, where the second
 * dump caught the refresher ({@code pool-1-thread-1}, idle in {@code DelayedWorkQueue.take} in the first) in the
 * middle of its periodic {@code HttpClient.send}: one thread doing its work, not a leak.
 */
class StoredDumpsTest {

  @Test
  void aLeakWhoseOldThreadsParkedStillGrows(@TempDir Path tmp) throws Exception {
    Path dir = resource("corpus/caffeine-leaky-parked");
    ThreadDump before = ThreadDump.read(dir.resolve("before.json"));
    ThreadDump after = ThreadDump.read(dir.resolve("after.json"));
    Set<Long> leak = Fixture.CAFFEINE.leakThreads(after);
    assertThat(Fixture.CAFFEINE.leakThreads(before)).hasSize(10)
        .allSatisfy(tid -> assertThat(state(before, tid)).isEqualTo("WAITING"));
    assertThat(leak).hasSize(30);

    Path out = tmp.resolve("triage.json");
    int code = Main.run("triage", dir.resolve("before.json").toString(), dir.resolve("after.json").toString(),
        "--format", "json", "-o", out.toString());
    assertThat(code).isIn(0, 1);
    JsonNode report = new ObjectMapper().readTree(Files.readString(out));
    assertThat(Groups.hasVerdicts(report)).as("the report has verdicts").isTrue();
    List<String> notGrowing = Groups.holding(report, leak).stream()
        .filter(g -> !g.path("verdict").asText().equals("growing"))
        .map(Groups::describe).toList();
    assertThat(notGrowing).as("groups holding the Caffeine leak that are not growing").isEmpty();
  }

  private static String state(ThreadDump d, long tid) {
    return d.threads().stream().filter(t -> t.tid() == tid).findFirst().orElseThrow().state();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(StoredDumpsTest.class.getClassLoader().getResource(name).toURI());
  }

  @Test
  void aHealthyThreadCaughtMidCallRaisesNoAlarm(@TempDir Path tmp) throws Exception {
    Path dir = resource("corpus/jdk-scheduler-healthy-busy");
    Path out = tmp.resolve("triage.json");
    int code = Main.run("triage", dir.resolve("before.json").toString(), dir.resolve("after.json").toString(),
        "--format", "json", "-o", out.toString());
    assertThat(code).isIn(0, 1);
    JsonNode report = new ObjectMapper().readTree(Files.readString(out));
    assertThat(Groups.hasVerdicts(report)).as("the report has verdicts").isTrue();
    List<String> alarms = Groups.all(report).stream()
        .filter(g -> Groups.ALARMS.contains(g.path("verdict").asText()))
        .map(Groups::describe).toList();
    assertThat(alarms).as("healthy JDK scheduler service: groups with an alarm verdict").isEmpty();
  }
}
