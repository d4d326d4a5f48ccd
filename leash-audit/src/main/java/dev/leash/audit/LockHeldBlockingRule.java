package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.TryStmt;

/** {@code lock-held-blocking}: blocking calls inside synchronized or between lock() and unlock(). */
final class LockHeldBlockingRule implements RuleCheck {
  private FileContext ctx;

  @Override
  public void check(FileContext ctx) {
    this.ctx = ctx;
    synchronizedBlocks();
    lockRegions();
  }

  private void synchronizedBlocks() {
    for (SynchronizedStmt s : ctx.idx().all(SynchronizedStmt.class)) {
      String monitor = s.getExpression().toString();
      int outer = enclosingMonitors(s);
      checkHeld(s.getBody(), "synchronized (" + BusySpinRule.shortText(s.getExpression()) + ")", monitor, outer == 0);
    }
    for (MethodDeclaration m : ctx.idx().all(MethodDeclaration.class)) {
      if (m.isSynchronized() && m.getBody().isPresent()) {
        checkHeld(m.getBody().get(), "synchronized method " + m.getNameAsString() + "()",
            m.isStatic() ? "<class>" : "this", true);
      }
    }
  }

  private static int enclosingMonitors(Node n) {
    int count = 0;
    Node x = n.getParentNode().orElse(null);
    while (x != null && !Syntax.deferred(x)) {
      if (x instanceof SynchronizedStmt) {
        count++;
      }
      if (x instanceof MethodDeclaration md && md.isSynchronized()) {
        count++;
      }
      x = x.getParentNode().orElse(null);
    }
    return count;
  }

  /** Reports blocking calls run while the lock is held; {@code monitor} may be waited on when it is the only one. */
  private void checkHeld(Node region, String lock, String monitor, boolean onlyLock) {
    for (MethodCallExpr m : Syntax.direct(region, MethodCallExpr.class)) {
      String what = blockingUnderLock(m, monitor, onlyLock);
      if (what != null) {
        ctx.report(Rule.LOCK_HELD_BLOCKING, m, Syntax.nameLine(m), what + " while holding " + lock
            + ": every thread that needs the lock waits behind it");
      }
    }
  }

  private static String blockingUnderLock(MethodCallExpr m, String monitor, boolean onlyLock) {
    String n = m.getNameAsString();
    if (Blocking.sleep(m)) {
      return "sleep";
    }
    if (n.equals("wait")) {
      String target = m.getScope().map(Object::toString).orElse("this");
      boolean own = target.equals(monitor) || monitor.equals("this") && target.equals("this")
          || monitor.equals("<class>") && target.endsWith(".class");
      return own && onlyLock ? null : "wait() on another object";
    }
    if (n.equals("await") && Syntax.args(m) == 0) {
      return Syntax.nameContains(Syntax.scopeName(m), "latch", "barrier", "phaser") ? "await()" : null;
    }
    String w = Blocking.untimedWait(m);
    if (w != null && !w.equals("await()")) {
      return w;
    }
    String typed = Blocking.byReceiverType(m);
    if (typed != null) {
      return typed;
    }
    if ((n.equals("put") || n.equals("transfer")) && Syntax.args(m) == 1
        && Syntax.nameContains(Syntax.scopeName(m), "queue")) {
      return n + "()";
    }
    return Blocking.io(m);
  }

  private void lockRegions() {
    for (MethodCallExpr lock : ctx.idx().all(MethodCallExpr.class, m -> Syntax.args(m) == 0
        && (m.getNameAsString().equals("lock") || m.getNameAsString().equals("lockInterruptibly"))
        && m.getScope().isPresent())) {
      if (!(lock.getParentNode().orElse(null) instanceof ExpressionStmt stmt)
          || !(stmt.getParentNode().orElse(null) instanceof BlockStmt block)) {
        continue;
      }
      String key = lock.getScope().get().toString();
      NodeList<Statement> stmts = block.getStatements();
      for (int i = stmts.indexOf(stmt) + 1; i < stmts.size(); i++) {
        Statement s = stmts.get(i);
        if (s instanceof TryStmt t && t.getFinallyBlock().map(f -> unlocks(f, key)).orElse(false)) {
          checkHeld(t.getTryBlock(), key + ".lock()", "<lock>", false);
          break;
        }
        if (unlocks(s, key)) {
          break;
        }
        checkHeld(s, key + ".lock()", "<lock>", false);
      }
    }
  }

  private static boolean unlocks(Node n, String key) {
    return n.findAll(MethodCallExpr.class).stream().anyMatch(m -> m.getNameAsString().equals("unlock")
        && m.getScope().map(s -> s.toString().equals(key)).orElse(false));
  }
}
