package dev.leash.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a fixture class only when EngineTestKit launches it with {@code leash.fixtures=true}; never in the build. */
final class OnlyInTestKit implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter("leash.fixtures").map("true"::equals).orElse(false)
        ? ConditionEvaluationResult.enabled("run by EngineTestKit")
        : ConditionEvaluationResult.disabled("leak fixture: only run by LeakCheckExtensionTest");
  }
}
