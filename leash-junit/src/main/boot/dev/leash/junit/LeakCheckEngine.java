package dev.leash.junit;

import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * Turns leaks that {@link SuiteLeakCheck} found in tests of other engines (a JUnit Platform listener cannot fail a
 * test) into failed tests of their own, named after the test that leaked, so that surefire and Gradle count them, fail
 * the build and write the report into their XML. It has no tests of its own and runs after the engines before it on
 * the class path; with {@code leash.leakcheck.onLeak=warn}, or when no leak was found, it reports nothing.
 *
 * <p>Loads on any Java: below Java 21 it does nothing.
 */
public final class LeakCheckEngine implements TestEngine {
  /** The engine id ({@code leash-leak-check}), for {@code junit.platform} engine filters. */
  public static final String ID = "leash-leak-check";

  private final TestEngine impl;

  /** Created by the JUnit Platform through the service loader. */
  public LeakCheckEngine() {
    impl = Floor.feature() >= Floor.JAVA ? (TestEngine) Floor.create("ReportEngine") : null;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest discoveryRequest, UniqueId uniqueId) {
    return impl != null ? impl.discover(discoveryRequest, uniqueId) : new EngineDescriptor(uniqueId, "Leash leak check");
  }

  @Override
  public void execute(ExecutionRequest request) {
    if (impl != null) {
      impl.execute(request);
      return;
    }
    TestDescriptor root = request.getRootTestDescriptor();
    request.getEngineExecutionListener().executionStarted(root);
    request.getEngineExecutionListener().executionFinished(root, TestExecutionResult.successful());
  }
}
