package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import java.util.HashSet;
import java.util.Set;

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

  /**
   * The thread's task ends soon after the catch: from the try up to a lambda body, a {@code run()} method or a
   * {@code static void main(String[])} (the main thread ends with it) there is
   * no enclosing loop, and what follows at each level (cleanup, logging) neither loops nor blocks. The try may sit
   * in an {@code if}, a {@code synchronized} block or another try, and may have a {@code finally}.
   */
  private static boolean endsTask(CatchClause c) {
    Node x = c.getParentNode().orElse(null);
    if (!(x instanceof TryStmt)) {
      return false;
    }
    while (true) {
      Node p = x.getParentNode().orElse(null);
      if (p == null || p instanceof WhileStmt || p instanceof DoStmt || p instanceof ForStmt
          || p instanceof ForEachStmt) {
        return false;
      }
      if (p instanceof BlockStmt block) {
        boolean after = false;
        for (Statement st : block.getStatements()) {
          if (after && loopsOrBlocks(st)) {
            return false;
          }
          after |= st == x;
        }
      }
      if (p instanceof LambdaExpr) {
        return true;
      }
      if (p instanceof MethodDeclaration md) {
        return md.getType().isVoidType() && (md.getNameAsString().equals("run") && md.getParameters().isEmpty()
            || md.getNameAsString().equals("main") && md.isStatic() && md.getParameters().size() == 1);
      }
      if (p instanceof CallableDeclaration<?> || p instanceof TypeDeclaration<?>) {
        return false;
      }
      x = p;
    }
  }

  private static boolean loopsOrBlocks(Statement st) {
    if (!Syntax.direct(st, WhileStmt.class).isEmpty() || !Syntax.direct(st, DoStmt.class).isEmpty()
        || !Syntax.direct(st, ForStmt.class).isEmpty() || !Syntax.direct(st, ForEachStmt.class).isEmpty()) {
      return true;
    }
    for (MethodCallExpr m : Syntax.direct(st, MethodCallExpr.class)) {
      if (Blocking.untimedWait(m) != null || Blocking.sleep(m)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The catch is in a loop whose condition reads a state of the object (a field assigned elsewhere in the file, or
   * an {@code isRunning()}-style query) that the closing code sets before it interrupts: the loop re-checks it and
   * ends. Conditions on the interrupt flag itself do not count (swallowing clears the flag they read).
   */
  private boolean stateLoop(CatchClause c) {
    Node x = c.getParentNode().orElse(null);
    Statement loop = null;
    while (x != null && !(x instanceof CallableDeclaration<?>) && !(x instanceof LambdaExpr)) {
      if (x instanceof WhileStmt || x instanceof DoStmt || x instanceof ForStmt) {
        loop = (Statement) x;
        break;
      }
      x = x.getParentNode().orElse(null);
    }
    Expression cond = switch (loop) {
      case WhileStmt w -> w.getCondition();
      case DoStmt d -> d.getCondition();
      case ForStmt f -> f.getCompare().orElse(null);
      case null, default -> null;
    };
    if (cond == null || cond instanceof BooleanLiteralExpr || cond.toString().contains("nterrupted")) {
      return false;
    }
    for (MethodCallExpr m : cond.findAll(MethodCallExpr.class)) {
      if (Syntax.args(m) == 0 && (m.getScope().isEmpty() || m.getScope().get() instanceof ThisExpr)
          && Syntax.nameContains(m.getNameAsString(), "running", "stopped", "closed", "shutdown", "active",
              "alive", "open", "started", "done", "cancel", "keep", "should")) {
        return true;
      }
    }
    Set<String> fields = fields();
    Set<String> read = new HashSet<>();
    cond.findAll(NameExpr.class).forEach(n -> read.add(n.getNameAsString()));
    cond.findAll(FieldAccessExpr.class, f -> f.getScope() instanceof ThisExpr)
        .forEach(f -> read.add(f.getNameAsString()));
    read.retainAll(fields);
    if (read.isEmpty()) {
      return false;
    }
    Statement body = loop;
    for (AssignExpr a : ctx.idx().all(AssignExpr.class)) {
      if (read.contains(Syntax.handleName(a.getTarget())) && !a.findAncestor(Statement.class, s -> s == body)
          .isPresent()) {
        return true;
      }
    }
    for (MethodCallExpr m : ctx.idx().all(MethodCallExpr.class)) {
      String n = m.getNameAsString();
      if ((n.equals("set") || n.equals("compareAndSet") || n.equals("getAndSet") || n.equals("lazySet"))
          && read.contains(Syntax.scopeName(m))) {
        return true;
      }
    }
    return false;
  }

  private Set<String> fields;

  private Set<String> fields() {
    if (fields == null) {
      fields = new HashSet<>();
      for (FieldDeclaration f : ctx.idx().all(FieldDeclaration.class)) {
        f.getVariables().forEach(v -> fields.add(v.getNameAsString()));
      }
    }
    return fields;
  }

  private void swallowedInterrupts() {
    for (CatchClause c : ctx.idx().all(CatchClause.class)) {
      if (catchesInterrupt(c) && !handlesInterrupt(c) && !stateLoop(c)) {
        ctx.report(Rule.SWALLOWED_INTERRUPT, c, Syntax.line(c),
            "InterruptedException caught and dropped: restore the flag (Thread.currentThread().interrupt()) or exit");
      }
    }
  }
}
