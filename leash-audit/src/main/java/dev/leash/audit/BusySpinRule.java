package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.List;

/** {@code busy-spin}, and {@code unstopped-scheduler} for sleep loops that swallow interrupts: loops that spin or cannot be stopped. */
final class BusySpinRule implements RuleCheck {
  private FileContext ctx;

  @Override
  public void check(FileContext ctx) {
    this.ctx = ctx;
    loops();
  }

  private void loops() {
    for (Statement loop : ctx.idx().all(Statement.class, s -> s instanceof WhileStmt || s instanceof DoStmt
        || s instanceof ForStmt)) {
      Expression cond = condition(loop);
      Statement body = body(loop);
      List<MethodCallExpr> bodyCalls = Syntax.direct(body, MethodCallExpr.class);
      List<MethodCallExpr> condCalls = cond == null ? List.of() : Syntax.direct(cond, MethodCallExpr.class);
      boolean blocks = bodyCalls.stream().anyMatch(Blocking::anyBlocking)
          || condCalls.stream().anyMatch(Blocking::anyBlocking);
      boolean forever = cond == null || cond instanceof BooleanLiteralExpr b && b.getValue()
          || cond.toString().contains("isInterrupted()") || cond.toString().contains("Thread.interrupted()");
      boolean leaves = leaves(body);
      if (forever && !leaves) {
        for (CatchClause c : Syntax.direct(body, CatchClause.class)) {
          if (SwallowedInterruptRule.catchesInterrupt(c) && !SwallowedInterruptRule.handlesInterrupt(c)) {
            boolean sleeps = bodyCalls.stream().anyMatch(Blocking::sleep);
            if (sleeps) {
              ctx.report(Rule.UNSTOPPED_SCHEDULER, loop, Syntax.line(loop), "periodic loop (work, sleep, repeat)"
                  + " swallows InterruptedException and never exits: nothing can stop it");
            } else {
              ctx.report(Rule.BUSY_SPIN, loop, Syntax.line(loop),
                  "loop swallows InterruptedException and loops on: it cannot be stopped");
            }
            break;
          }
        }
      }
      if (blocks || loop instanceof ForStmt f && (!f.getUpdate().isEmpty() || f.getCompare().isPresent())) {
        continue;
      }
      if (emptyBody(body) && cond != null && !forever && polls(cond)) {
        ctx.report(Rule.BUSY_SPIN, loop, Syntax.line(loop), "spin-wait: the loop re-checks '" + shortText(cond)
            + "' without ever blocking; wait on a lock, latch or queue instead");
        continue;
      }
      boolean pollsInBody = bodyCalls.stream().anyMatch(BusySpinRule::nonBlockingPoll);
      boolean pollsInCond = condCalls.stream().anyMatch(BusySpinRule::nonBlockingPoll);
      if (pollsInBody && !pollsInCond && !leaves && (forever || flagCondition(cond))) {
        ctx.report(Rule.BUSY_SPIN, loop, Syntax.line(loop), "poll loop never blocks: when there is nothing to do it"
            + " spins a core; use take() or poll(timeout, unit)");
      }
    }
  }

  private static Expression condition(Statement loop) {
    return switch (loop) {
      case WhileStmt w -> w.getCondition();
      case DoStmt d -> d.getCondition();
      case ForStmt f -> f.getCompare().orElse(null);
      default -> null;
    };
  }

  private static Statement body(Statement loop) {
    return switch (loop) {
      case WhileStmt w -> w.getBody();
      case DoStmt d -> d.getBody();
      case ForStmt f -> f.getBody();
      default -> loop;
    };
  }

  private static boolean leaves(Statement body) {
    return !Syntax.direct(body, BreakStmt.class).isEmpty() || !Syntax.direct(body, ReturnStmt.class).isEmpty()
        || !Syntax.direct(body, ThrowStmt.class).isEmpty()
        || Syntax.direct(body, MethodCallExpr.class).stream().anyMatch(m -> m.getNameAsString().equals("exit"));
  }

  private static boolean emptyBody(Statement body) {
    if (body instanceof EmptyStmt) {
      return true;
    }
    if (body instanceof BlockStmt b) {
      for (Statement s : b.getStatements()) {
        boolean yield = s instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr m
            && m.getNameAsString().equals("yield") && Syntax.scopeIsType(m, "Thread");
        if (!(s instanceof EmptyStmt) && !yield) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The condition reads shared state (a field or a call), not only locals; CAS retries excluded. */
  private boolean polls(Expression cond) {
    if (scans(cond)) {
      return false;
    }
    for (MethodCallExpr m : cond.findAll(MethodCallExpr.class)) {
      String n = m.getNameAsString();
      if (Syntax.nameContains(n, "compareandset", "cas", "compareandexchange", "increment", "decrement",
          "getandadd", "getandset", "next", "advance", "read", "onspinwait", "hasnext", "find", "matches")) {
        return false;
      }
    }
    if (!cond.findAll(AssignExpr.class).isEmpty()) {
      return false;
    }
    if (cond.findAll(MethodCallExpr.class).stream().anyMatch(m -> Syntax.args(m) > 0)) {
      return false;
    }
    if (!cond.findAll(MethodCallExpr.class).isEmpty()) {
      return true;
    }
    for (NameExpr n : cond.findAll(NameExpr.class)) {
      if (!isLocal(n)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The condition walks through data rather than re-reading shared state: it indexes an array, steps a counter
   * ({@code i++}) or reads a buffer, whose {@code get()} advances its position (a scan for a zero byte ends).
   */
  private static boolean scans(Expression cond) {
    if (!cond.findAll(com.github.javaparser.ast.expr.ArrayAccessExpr.class).isEmpty()) {
      return true;
    }
    for (com.github.javaparser.ast.expr.UnaryExpr u : cond.findAll(com.github.javaparser.ast.expr.UnaryExpr.class)) {
      if (u.getOperator().isPostfix() || u.getOperator() == com.github.javaparser.ast.expr.UnaryExpr.Operator
          .PREFIX_INCREMENT || u.getOperator() == com.github.javaparser.ast.expr.UnaryExpr.Operator.PREFIX_DECREMENT) {
        return true;
      }
    }
    for (MethodCallExpr m : cond.findAll(MethodCallExpr.class)) {
      if (!m.getNameAsString().startsWith("get") || m.getScope().isEmpty()) {
        continue;
      }
      String receiver = Syntax.scopeName(m);
      DeclaredTypes.Declaration d = DeclaredTypes.of(m.getScope().get());
      if (Syntax.nameContains(receiver, "buf") || d != null && d.type().endsWith("Buffer")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocal(NameExpr n) {
    Node x = n.getParentNode().orElse(null);
    String name = n.getNameAsString();
    while (x != null && !(x instanceof ClassOrInterfaceDeclaration)) {
      if (x instanceof CallableDeclaration<?> || x instanceof LambdaExpr) {
        for (VariableDeclarator v : x.findAll(VariableDeclarator.class)) {
          if (v.getNameAsString().equals(name)) {
            return true;
          }
        }
        for (Parameter p : x.findAll(Parameter.class)) {
          if (p.getNameAsString().equals(name)) {
            return true;
          }
        }
      }
      x = x.getParentNode().orElse(null);
    }
    return false;
  }

  private static boolean flagCondition(Expression cond) {
    if (cond == null) {
      return true;
    }
    String t = cond.toString().replace("!", "").replace("this.", "").trim();
    return t.matches("[A-Za-z_][A-Za-z0-9_]*(\\.get\\(\\))?") || t.matches("[A-Za-z_][A-Za-z0-9_]*\\(\\)");
  }

  private static boolean nonBlockingPoll(MethodCallExpr m) {
    String n = m.getNameAsString();
    return Syntax.args(m) == 0 && (n.equals("poll") || n.equals("tryLock") || n.equals("tryAcquire")
        || n.equals("peek") || n.equals("tryReceive") || n.equals("pollFirst") || n.equals("pollLast"));
  }

  static String shortText(Expression e) {
    String t = e.toString().replaceAll("\\s+", " ");
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }
}
