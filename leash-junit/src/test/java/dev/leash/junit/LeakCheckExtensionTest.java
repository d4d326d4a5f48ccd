package dev.leash.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs the leaking fixtures through the real JUnit engine and checks what the leak check reports. */
class LeakCheckExtensionTest {

  @AfterEach
  void cleanUp() throws Exception {
    Leftovers.cleanUp();
    System.clearProperty("leash.fixtures.virtual");
  }

  static EngineExecutionResults run(Class<?> fixture, Map<String, String> params) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("leash.fixtures", "true")
        .configurationParameters(params)
        .selectors(selectClass(fixture))
        .execute();
  }

  static EngineExecutionResults run(Class<?> fixture) {
    return run(fixture, Map.of());
  }

  static List<Throwable> failures(EngineExecutionResults r) {
    return r.allEvents().failed().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
        .map(x -> x.getThrowable().orElseThrow())
        .toList();
  }

  static Stream<Arguments> leaks() {
    return Stream.of("platform", "virtual").flatMap(kind -> Stream.of(
        Arguments.of(LeakFixtures.OrphanedConsumer.class, "orphaned-consumer", "feed-consumer", kind),
        Arguments.of(LeakFixtures.AbandonedProducer.class, "abandoned-producer", "result-sender", kind),
        Arguments.of(LeakFixtures.LockHeldBlocking.class, "lock-held-blocking", "cache-refresher", kind),
        Arguments.of(LeakFixtures.StuckIo.class, "stuck-io", "upstream-reader", kind),
        Arguments.of(LeakFixtures.BusySpin.class, "busy-spin", "spinner", kind)));
  }

  /**
   * Platform threads only: the JDK reports the owner of a java.util.concurrent lock for platform threads
   * (ThreadMXBean) but not for virtual ones, so a virtual-thread lock cycle shows as lock-held-blocking.
   */
  @Test
  void aDeadlockIsNamedAsSuch() {
    aLeakingTestFailsNamingThePattern(LeakFixtures.Deadlock.class, "deadlock", "transfer-a-to-b", "platform");
  }

  @ParameterizedTest(name = "{1} on {3} threads")
  @MethodSource("leaks")
  void aLeakingTestFailsNamingThePattern(Class<?> fixture, String pattern, String thread, String kind) {
    System.setProperty("leash.fixtures.virtual", Boolean.toString(kind.equals("virtual")));
    EngineExecutionResults r = run(fixture);
    r.testEvents().assertStatistics(s -> s.started(1).failed(1));
    Throwable t = failures(r).get(0);
    assertThat(t).isInstanceOf(LeakedThreadsError.class);
    assertThat(t.getMessage())
        .contains("leaked by " + fixture.getSimpleName() + ".leaks()")
        .contains(pattern)
        .contains(thread)
        .contains("fix ");
    assertThat(((LeakedThreadsError) t).groups()).anyMatch(g -> g.pattern().id().equals(pattern));
  }

  static Stream<Arguments> executorLeaks() {
    return Stream.of(
        Arguments.of(LeakFixtures.IdleExecutor.class, "idle-executor"),
        Arguments.of(LeakFixtures.UnstoppedScheduler.class, "unstopped-scheduler"),
        Arguments.of(LeakFixtures.UnstoppedTimer.class, "unstopped-scheduler"));
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("executorLeaks")
  void executorsAndTimersThatAreNeverStoppedFail(Class<?> fixture, String pattern) {
    EngineExecutionResults r = run(fixture);
    r.testEvents().assertStatistics(s -> s.started(1).failed(1));
    Throwable t = failures(r).get(0);
    assertThat(t).isInstanceOf(LeakedThreadsError.class);
    assertThat(((LeakedThreadsError) t).groups()).anyMatch(g -> g.pattern().id().equals(pattern));
    assertThat(t.getMessage()).contains("fix    ").doesNotContain("\tat ");
  }

  @Test
  void withJfrTheSpawnSiteOfAPlainThreadIsNamed() {
    EngineExecutionResults r = run(LeakFixtures.OrphanedConsumer.class, Map.of("leash.leakcheck.jfrSpawnSites", "true"));
    Throwable t = failures(r).get(0);
    assertThat(t).isInstanceOf(LeakedThreadsError.class);
    assertThat(t.getMessage()).contains("started by dev.leash.junit.LeakFixtures.start(line ");
  }

  @Test
  void cleanTestsAndThreadsEndingWithinTheLingerPass() {
    run(LeakFixtures.Clean.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
  }

  @Test
  void ignoredThreadsDoNotFail() {
    run(LeakFixtures.IgnoredByName.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    run(LeakFixtures.IgnoredByFrame.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void aLeakInBeforeAllIsReportedForTheClass() {
    EngineExecutionResults r = run(LeakFixtures.LeakInBeforeAll.class);
    r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    Event failedClass = r.containerEvents().failed().stream().findFirst().orElseThrow();
    Throwable t = failedClass.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
    assertThat(t).isInstanceOf(LeakedThreadsError.class);
    assertThat(t.getMessage()).contains("LeakInBeforeAll (class setup").contains("shared-poller")
        .contains("orphaned-consumer");
  }

  @Test
  void parallelExecutionDoesNotBlameATest() {
    EngineExecutionResults r = run(LeakFixtures.OrphanedConsumer.class,
        Map.of("junit.jupiter.execution.parallel.enabled", "true"));
    r.allEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void checksCanBeTurnedOff() {
    run(LeakFixtures.OrphanedConsumer.class, Map.of("leash.leakcheck.enabled", "false"))
        .allEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void badConfigurationNamesTheOption() {
    assertThat(failures(run(LeakFixtures.BadRegex.class))).singleElement().satisfies(t -> assertThat(t)
        .hasMessageContaining("@LeakCheck on dev.leash.junit.LeakFixtures$BadRegex")
        .hasMessageContaining("ignoreThreadName: invalid regular expression '([unclosed'"));
    assertThat(failures(run(LeakFixtures.NegativeLinger.class))).singleElement().satisfies(t -> assertThat(t)
        .hasMessageContaining("lingerMillis must not be negative, was -5"));
    assertThat(failures(run(LeakFixtures.ClassScopeOnMethod.class))).singleElement().satisfies(t -> assertThat(t)
        .hasMessageContaining("@LeakCheck(scope = CLASS) on method misconfigured"));
  }
}
