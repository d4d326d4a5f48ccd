package dev.leash.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The suite configuration (leash.leakcheck.*), spawn sites (JFR, on by default) and the advice, through Jupiter. */
class SuiteConfigTest {

  @AfterEach
  void cleanUp() throws Exception {
    Leftovers.cleanUp();
  }

  private static EngineExecutionResults run(Class<?> fixture, Map<String, String> params) {
    return LeakCheckExtensionTest.run(fixture, params);
  }

  private static String failure(EngineExecutionResults r) {
    List<Throwable> f = LeakCheckExtensionTest.failures(r);
    assertThat(f).hasSize(1);
    return f.get(0).getMessage();
  }

  @Test
  void propertiesAreReadAndBadOnesNameTheProperty() {
    Map<String, String> p = Map.of("leash.leakcheck.linger", "1.5s", "leash.leakcheck.onLeak", "WARN",
        "leash.leakcheck.ignoreThreadNames", "metrics-.*, cache-\\d+", "leash.leakcheck.scope", "class",
        "leash.leakcheck.applicationPackages", "com.zaxxer.hikari");
    SuiteConfig c = SuiteConfig.read(k -> Optional.ofNullable(p.get(k)));
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.failOnLeak()).isFalse();
    assertThat(c.classScope()).isTrue();
    assertThat(c.ignoreThreadNames()).containsExactly("metrics-.*", "cache-\\d+");
    assertThat(SuiteConfig.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SuiteConfig.duration("PT3S")).isEqualTo(Duration.ofSeconds(3));

    assertThatThrownBy(() -> SuiteConfig.read(k -> Optional.ofNullable(Map.of("leash.leakcheck.linger", "soon")
        .get(k)))).hasMessage("leash.leakcheck.linger: expected a duration such as 2s or 500ms, was 'soon'");
    assertThatThrownBy(() -> SuiteConfig.read(k -> Optional.ofNullable(Map.of("leash.leakcheck.onLeak", "explode")
        .get(k)))).hasMessage("leash.leakcheck.onLeak: expected fail or warn, was 'explode'");
    assertThatThrownBy(() -> SuiteConfig.read(k -> Optional.ofNullable(
        Map.of("leash.leakcheck.ignoreThreadNames", "([x").get(k))))
        .hasMessageStartingWith("leash.leakcheck.ignoreThreadNames: ignoreThreadName: invalid regular expression");
  }

  @Test
  void aLibrarysOwnPackageIsApplicationCodeInItsTests() {
    Detector.Scope hikari = new Detector.Scope(List.of("com.zaxxer.hikari"), true, null);
    assertThat(Detector.TRIAGE.libraryPrefixes()).contains("com.zaxxer.hikari.");
    assertThat(hikari.triage().libraryPrefixes()).doesNotContain("com.zaxxer.hikari.").contains("java.", "io.netty.");
    Detector.Scope leash = new Detector.Scope(List.of("dev.leash"), true, null);
    assertThat(leash.triage().libraryPrefixes()).doesNotContain("dev.leash.*").contains("dev.leash.TaskGroup.");
  }

  @Test
  void suitePropertiesConfigureATestWithoutAnnotation() {
    String m = failure(run(SuiteFixtures.ConfiguredBySuite.class, Map.of("leash.leakcheck.linger", "50ms")));
    assertThat(m).contains("suite-configured").contains("still alive 50 ms after it ended");
    Leftovers.cleanUpQuietly();
    run(SuiteFixtures.ConfiguredBySuite.class, Map.of("leash.leakcheck.linger", "50ms",
        "leash.leakcheck.ignoreThreadNames", "suite-.*")).allEvents().assertStatistics(s -> s.failed(0));
    Leftovers.cleanUpQuietly();
    run(SuiteFixtures.ConfiguredBySuite.class, Map.of("leash.leakcheck.linger", "50ms",
        "leash.leakcheck.ignoreSpawnSites", "dev.leash.junit.SuiteFixtures$ConfiguredBySuite.leaks"))
        .allEvents().assertStatistics(s -> s.failed(0));
    Leftovers.cleanUpQuietly();
    assertThat(failure(run(SuiteFixtures.ConfiguredBySuite.class, Map.of("leash.leakcheck.linger", "never"))))
        .contains("leash.leakcheck.linger: expected a duration");
  }

  @Test
  void warnModePrintsInsteadOfFailing() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      run(SuiteFixtures.ConfiguredBySuite.class, Map.of("leash.leakcheck.linger", "50ms", "leash.leakcheck.onLeak",
          "warn")).allEvents().assertStatistics(s -> s.failed(0));
    } finally {
      System.setErr(err);
    }
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("leash: 1 thread leaked by ConfiguredBySuite.leaks()");
  }

  @Test
  void aThreadStartedByAStaticInitializerIsNotBlamedOnItsFirstUser() {
    run(SuiteFixtures.TouchesAStaticFixture.class, Map.of()).allEvents().assertStatistics(s -> s.failed(0));
    assertThat(SuiteThreads.all()).contains(SuiteFixtures.StaticPoller.POLLER.threadId());
  }

  @Test
  void threadsIgnoredBySpawnSitePass() {
    run(SuiteFixtures.IgnoredBySpawnSite.class, Map.of()).allEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void twoOwnersWithTheSameStackAreTwoGroups() {
    EngineExecutionResults r = run(SuiteFixtures.TwoOwnersOneStack.class, Map.of());
    LeakedThreadsError e = (LeakedThreadsError) LeakCheckExtensionTest.failures(r).get(0);
    assertThat(e.groups()).hasSize(2);
    assertThat(e.groups()).allSatisfy(g -> assertThat(g.count()).isEqualTo(1));
    assertThat(e.getMessage()).contains("started by dev.leash.junit.SuiteFixtures$TwoOwnersOneStack.first(line ")
        .contains("started by dev.leash.junit.SuiteFixtures$TwoOwnersOneStack.second(line ");
  }

  @Test
  void aOneShotDelayedTaskIsToldFromAPeriodicOne() {
    String oneShot = failure(run(SuiteFixtures.OneShotDelayedTask.class, Map.of()));
    assertThat(oneShot).containsPattern("shut down the ScheduledExecutorService that owns pool-\\d+")
        .contains("one-shot delayed task").doesNotContain("periodic task");
    Leftovers.cleanUpQuietly();
    String periodic = failure(LeakCheckExtensionTest.run(LeakFixtures.UnstoppedScheduler.class));
    assertThat(periodic).contains("periodic task").doesNotContain("one-shot");
  }

  @Test
  void aTimedWaitIsNotALeak() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      run(SuiteFixtures.TimedWait.class, Map.of()).allEvents().assertStatistics(s -> s.failed(0));
    } finally {
      System.setErr(err);
    }
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("patient-poller")
        .contains("still waits with a timeout").contains("gives up after its own timeout");
  }
}
