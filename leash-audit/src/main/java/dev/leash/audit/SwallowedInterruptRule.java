package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.YieldStmt;

/** {@code swallowed-interrupt}: a catch of InterruptedException that neither restores the flag nor leaves, unless the thread ends right after it or its loop stops on a state that close() sets. */
final class SwallowedInterruptRule implements RuleCheck {
  private FileContext ctx;

  @Override
  public void check(FileContext ctx) {
    this.ctx = ctx;
    swallowedInterrupts();
  }

  static boolean catchesInterrupt(CatchClause c) {
    return c.getParameter().getType().asString().contains("InterruptedException");
  }

  /** True when the catch body restores the flag, leaves (return/throw/break) or acts on it (stop flag, cancel). */
  static boolean handlesInterrupt(CatchClause c) {
    BlockStmt body = c.getBody();
    for (MethodCallExpr m : Syntax.direct(body, MethodCallExpr.class)) {
      String n = m.getNameAsString().toLowerCase(java.util.Locale.ROOT);
      if (n.contains("interrupt") || n.equals("exit") || n.equals("halt") || n.contains("cancel")
          || n.contains("shutdown") || n.contains("close") || n.contains("stop") || n.contains("sneaky")
          || n.contains("propagate") || n.contains("rethrow") || n.contains("throw") || n.equals("fail")) {
        return true;
      }
    }
    if (!Syntax.direct(body, ThrowStmt.class).isEmpty() || !Syntax.direct(body, ReturnStmt.class).isEmpty()
        || !Syntax.direct(body, BreakStmt.class).isEmpty() || !Syntax.direct(body, YieldStmt.class).isEmpty()) {
      return true;
    }
    for (AssignExpr a : Syntax.direct(body, AssignExpr.class)) {
      if (a.getValue() instanceof BooleanLiteralExpr) {
        return true;
      }
    }
    return endsTask(c);
  }

  /** The try is the last statement of a run() method or a lambda body: the thread's task ends right after it. */
  private static boolean endsTask(CatchClause c) {
    if (!(c.getParentNode().orElse(null) instanceof TryStmt t) || t.getFinallyBlock().isPresent()
        || !(t.getParentNode().orElse(null) instanceof BlockStmt block)
        || block.getStatements().isEmpty() || block.getStatements().getLast().orElse(null) != t) {
      return false;
    }
    Node owner = block.getParentNode().orElse(null);
    return owner instanceof LambdaExpr
        || owner instanceof MethodDeclaration md && md.getNameAsString().equals("run") && md.getType().isVoidType();
  }

  private void swallowedInterrupts() {
    for (CatchClause c : ctx.idx().all(CatchClause.class)) {
      if (catchesInterrupt(c) && !handlesInterrupt(c)) {
        ctx.report(Rule.SWALLOWED_INTERRUPT, c, Syntax.line(c),
            "InterruptedException caught and dropped: restore the flag (Thread.currentThread().interrupt()) or exit");
      }
    }
  }
}
