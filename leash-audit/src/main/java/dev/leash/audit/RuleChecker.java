package dev.leash.audit;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the file-local rules to one parsed file, one {@link RuleCheck} class per rule over a shared
 * {@link FileContext}, and prepares the site rules (idle-executor, unstopped-scheduler, orphaned-consumer) that the
 * link phase reports once it knows whether anything stops the site.
 */
final class RuleChecker {
  private final FileContext ctx;
  private final String file;
  private final Suppressions suppressions;

  RuleChecker(CompilationUnit cu, Index idx, String file, Suppressions suppressions) {
    this.ctx = new FileContext(cu, idx, file, suppressions);
    this.file = file;
    this.suppressions = suppressions;
  }

  /** The findings of every file-local rule (each a {@link RuleCheck}), in rule order. */
  List<Finding> check() {
    for (RuleCheck rule : List.of(new SwallowedInterruptRule(), new BusySpinRule(), new LockHeldBlockingRule(),
        new AbandonedProducerRule(), new StuckIoRule())) {
      rule.check(ctx);
    }
    return ctx.findings();
  }

  // ---- site rules: idle-executor, unstopped-scheduler, orphaned-consumer -------------------------------------

  /** The findings a site gets if the link phase concludes that nothing stops it (suppressions applied). */
  List<Finding> ifNoStop(Site s) {
    List<Finding> found = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    SpawnSite site = s.site();
    switch (site.kind()) {
      case EXECUTOR, FORK_JOIN -> {
        if (s.idleWorkers()) {
          add(found, keys, Rule.IDLE_EXECUTOR, s.node(), site.line(),
              "executor created here is never shut down: its idle workers stay parked forever");
        }
      }
      case SCHEDULER, TIMER -> add(found, keys, Rule.UNSTOPPED_SCHEDULER, s.node(), site.line(),
          (site.kind() == SpawnKind.TIMER ? "Timer" : "scheduler")
              + " created here is never cancelled or shut down: it runs until the JVM exits");
      default -> { }
    }
    for (Node task : s.tasks()) {
      for (MethodCallExpr m : Syntax.direct(task, MethodCallExpr.class)) {
        String what = Blocking.untimedWait(m);
        if (what != null) {
          add(found, keys, Rule.ORPHANED_CONSUMER, m, Syntax.nameLine(m), what + " with no timeout in a task started"
              + " at line " + site.line() + " that nobody interrupts or cancels: it waits forever if no one signals");
        }
      }
    }
    return found;
  }

  private void add(List<Finding> found, Set<String> keys, Rule rule, Node node, int line, String message) {
    if (keys.add(rule.id() + ":" + line) && !suppressions.suppressed(rule, node, line)) {
      found.add(new Finding(rule, file, line, message));
    }
  }
}
