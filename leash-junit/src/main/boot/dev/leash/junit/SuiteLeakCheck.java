package dev.leash.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The JUnit Platform listener of the leak check, loaded by the platform from the class path. It checks the tests of
 * every engine that Jupiter's extension does not cover (JUnit 4 through Vintage, and others), per test and per class,
 * and runs the check at the end of the run; see {@code docs/leak-check.md} for its {@code leash.leakcheck.*}
 * configuration.
 *
 * <p>Loads on any Java: below Java 21 it prints one notice per JVM and does nothing.
 */
public final class SuiteLeakCheck implements TestExecutionListener {
  private final TestExecutionListener impl;

  /** Created by the JUnit Platform through the service loader. */
  public SuiteLeakCheck() {
    impl = Floor.supported() ? (TestExecutionListener) Floor.create("PlatformLeakCheck") : null;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    if (impl != null) {
      impl.testPlanExecutionStarted(testPlan);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (impl != null) {
      impl.testPlanExecutionFinished(testPlan);
    }
  }

  @Override
  public void executionStarted(TestIdentifier testIdentifier) {
    if (impl != null) {
      impl.executionStarted(testIdentifier);
    }
  }

  @Override
  public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
    if (impl != null) {
      impl.executionFinished(testIdentifier, testExecutionResult);
    }
  }

  @Override
  public void executionSkipped(TestIdentifier testIdentifier, String reason) {
    if (impl != null) {
      impl.executionSkipped(testIdentifier, reason);
    }
  }
}
