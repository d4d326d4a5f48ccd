package dev.leash.realworld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14's acceptance on real servers run as people run them: a healthy service, dumped twice under light load,
 * gets no {@code leaked}, {@code growing} or {@code suspect} group from {@code leash triage}, and no {@code leaked}
 * group from {@code leash prove} on its heap dump.
 */
@Timeout(120)
class HealthyServicesTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Fixture.class, names = "JDK_SCHEDULER", mode = EnumSource.Mode.EXCLUDE)
  void twoSnapshotsRaiseNoAlarm(Fixture fixture) throws Exception {
    assertNoAlarm(fixture);
  }

  /**
   * The JDK scheduler service on its own: its refresher runs every 250 ms, and a dump often catches it inside
   * {@code HttpClient.send}. {@link StoredDumpsTest} keeps such a pair.
   */
  @Test
  void twoSnapshotsRaiseNoAlarmJdkScheduler() throws Exception {
    assertNoAlarm(Fixture.JDK_SCHEDULER);
  }

  private static void assertNoAlarm(Fixture fixture) throws Exception {
    Capture c = Corpus.capture(fixture, false);
    JsonNode report = LeashReports.triage(c);
    assertThat(report.path("threads").asInt()).isEqualTo(c.afterDump().threads().size());
    assertThat(Groups.hasVerdicts(report)).as("the report has verdicts").isTrue();
    assertThat(report.path("snapshots").asInt()).as("triage read both dumps").isEqualTo(2);
    List<String> alarms = Groups.all(report).stream()
        .filter(g -> Groups.ALARMS.contains(g.path("verdict").asText()))
        .map(Groups::describe).toList();
    assertThat(alarms).as("%s healthy: groups with an alarm verdict", fixture.id).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fixture.class)
  void heapProofFindsNothingLeaked(Fixture fixture) throws Exception {
    assertThat(LeashReports.proveAvailable()).as("leash prove exists").isTrue();
    Capture c = Corpus.capture(fixture, false);
    JsonNode report = LeashReports.prove(c).orElseThrow();
    List<String> leaked = Groups.all(report).stream()
        .filter(g -> g.path("verdict").asText().equals("leaked"))
        .map(Groups::describe).toList();
    assertThat(leaked).as("%s healthy: groups a heap proof calls leaked", fixture.id).isEmpty();
  }
}
