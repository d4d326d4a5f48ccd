package dev.leash.junit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * What {@link LeakCheckEngine} does on Java 21+: reports each pending {@link Blames.Blame} as a failed dynamic test
 * named after the test that leaked (its class and method), one class at a time, so the build fails and surefire
 * files the report with the leaking class's own results (its {@code TEST-com.acme.FooTest.xml}).
 */
final class ReportEngine implements TestEngine {
  ReportEngine() {}

  @Override
  public String getId() {
    return LeakCheckEngine.ID;
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest discoveryRequest, UniqueId uniqueId) {
    return new EngineDescriptor(uniqueId, "Leash leak check");
  }

  @Override
  public void execute(ExecutionRequest request) {
    TestDescriptor root = request.getRootTestDescriptor();
    EngineExecutionListener listener = request.getEngineExecutionListener();
    listener.executionStarted(root);
    Map<String, List<Blames.Blame>> byClass = new LinkedHashMap<>();
    for (Blames.Blame b : Blames.drain()) {
      byClass.computeIfAbsent(b.className(), n -> new ArrayList<>()).add(b);
    }
    // one class at a time, so surefire files each class's leaks with that class's own results
    for (Map.Entry<String, List<Blames.Blame>> e : byClass.entrySet()) {
      String cls = e.getKey();
      Node c = new Node(root.getUniqueId().append("class", cls), cls, TestDescriptor.Type.CONTAINER,
          ClassSource.from(cls));
      root.addChild(c);
      listener.dynamicTestRegistered(c);
      listener.executionStarted(c);
      int n = 0;
      for (Blames.Blame b : e.getValue()) {
        String name = b.methodName() != null ? b.methodName() : "classSetup";
        Node test = new Node(c.getUniqueId().append("leak", name + "#" + n++), name, TestDescriptor.Type.TEST,
            b.methodName() != null ? MethodSource.from(cls, b.methodName()) : ClassSource.from(cls));
        c.addChild(test);
        listener.dynamicTestRegistered(test);
        listener.executionStarted(test);
        listener.executionFinished(test, TestExecutionResult.failed(b.error()));
      }
      listener.executionFinished(c, TestExecutionResult.successful());
    }
    listener.executionFinished(root, TestExecutionResult.successful());
  }

  /** A dynamic container or test of this engine. */
  private static final class Node extends AbstractTestDescriptor {
    private final Type type;

    Node(UniqueId id, String displayName, Type type, org.junit.platform.engine.TestSource source) {
      super(id, displayName, source);
      this.type = type;
    }

    @Override
    public Type getType() {
      return type;
    }
  }
}
