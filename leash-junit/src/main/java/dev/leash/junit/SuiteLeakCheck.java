package dev.leash.junit;

import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * The check at the end of a whole test run: threads alive after the last test that did not exist before the first.
 * Active when {@code junit.jupiter.extensions.autodetection.enabled=true} or {@code leash.leakcheck.suite=true} (and
 * not {@code leash.leakcheck.enabled=false}). A listener cannot fail tests, so it reports on stderr; it catches what
 * per-test checks cannot see (parallel runs, threads started by static initialisers).
 */
public final class SuiteLeakCheck implements TestExecutionListener {
  private Set<Long> baseline;

  /** Created by the JUnit Platform through the service loader. */
  public SuiteLeakCheck() {}

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    ConfigurationParameters p = testPlan.getConfigurationParameters();
    boolean wanted = p.getBoolean("junit.jupiter.extensions.autodetection.enabled").orElse(false)
        || p.getBoolean("leash.leakcheck.suite").orElse(false);
    if (wanted && p.getBoolean("leash.leakcheck.enabled").orElse(true)) {
      baseline = Detector.liveIds();
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (baseline == null) {
      return;
    }
    LeakedThreadsError e = Detector.check(baseline, LeakOptions.defaults(), "the test run");
    baseline = null;
    if (e != null) {
      System.err.println("leash: " + e.getMessage());
    }
  }
}
