package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code abandoned-producer}: a task puts into a hand-off queue that its consumer may stop draining. */
final class AbandonedProducerRule implements RuleCheck {
  private FileContext ctx;

  @Override
  public void check(FileContext ctx) {
    this.ctx = ctx;
    abandonedProducers();
  }

  private static final java.util.Set<String> HANDOFF_TYPES = java.util.Set.of("SynchronousQueue", "Exchanger",
      "LinkedTransferQueue", "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque");

  private void abandonedProducers() {
    if (ctx.idx().all(ObjectCreationExpr.class).stream()
        .noneMatch(o -> HANDOFF_TYPES.contains(o.getType().getNameAsString()))) {
      return;
    }
    for (CallableDeclaration<?> method : ctx.idx().all(CallableDeclaration.class)) {
      Map<String, String> queues = new HashMap<>();
      for (VariableDeclarator v : Syntax.direct(method, VariableDeclarator.class)) {
        if (v.getInitializer().orElse(null) instanceof ObjectCreationExpr oc) {
          String t = oc.getType().getNameAsString();
          boolean handoff = t.equals("SynchronousQueue") || t.equals("Exchanger") || t.equals("LinkedTransferQueue")
              || (t.equals("ArrayBlockingQueue") || t.equals("LinkedBlockingQueue") || t.equals("LinkedBlockingDeque"))
                  && oc.getArguments().size() == 1 && oc.getArgument(0).toString().equals("1");
          if (handoff) {
            queues.put(v.getNameAsString(), t);
          }
        }
      }
      if (queues.isEmpty()) {
        continue;
      }
      List<MethodCallExpr> direct = Syntax.direct(method, MethodCallExpr.class);
      for (MethodCallExpr put : method.findAll(MethodCallExpr.class)) {
        String q = Syntax.scopeName(put);
        String n = put.getNameAsString();
        if (q == null || !queues.containsKey(q) || Syntax.args(put) != 1 || direct.contains(put)
            || !(n.equals("put") || n.equals("transfer") || n.equals("exchange"))) {
          continue;
        }
        String why = consumerMayLeave(method, direct, q, put);
        if (why != null) {
          ctx.report(Rule.ABANDONED_PRODUCER, put, Syntax.nameLine(put), n + "() into " + queues.get(q) + " '" + q
              + "' from a task, but " + why + ": the task then blocks forever");
        }
      }
    }
  }

  private String consumerMayLeave(Node method, List<MethodCallExpr> direct, String q, MethodCallExpr put) {
    int firstTake = Integer.MAX_VALUE;
    boolean takesInLoop = false;
    for (MethodCallExpr m : direct) {
      if (!q.equals(Syntax.scopeName(m))) {
        continue;
      }
      String n = m.getNameAsString();
      if (n.equals("poll") && Syntax.args(m) == 2) {
        return "the consumer gives up after poll(timeout) at line " + Syntax.nameLine(m);
      }
      if (n.equals("take") || n.equals("poll") || n.equals("exchange") || n.equals("drainTo")) {
        firstTake = Math.min(firstTake, Syntax.nameLine(m));
        takesInLoop |= inLoop(m, method);
      }
    }
    for (Expression a : method.findAll(Expression.class)) {
      if (q.equals(Syntax.handleName(a)) && (a.getParentNode().orElse(null) instanceof ReturnStmt
          || a.getParentNode().orElse(null) instanceof MethodCallExpr c && c.getArguments().contains(a)
          || a.getParentNode().orElse(null) instanceof ObjectCreationExpr)) {
        return null;
      }
    }
    if (firstTake == Integer.MAX_VALUE) {
      return "nothing in this method takes from it";
    }
    int spawnLine = Syntax.line(put);
    for (Statement s : Syntax.direct(method, Statement.class, s -> s instanceof ReturnStmt || s instanceof ThrowStmt)) {
      int l = Syntax.line(s);
      if (l < firstTake && l > lineOfTask(put, spawnLine)) {
        return "the method can leave at line " + l + " before it takes";
      }
    }
    if (inLoop(put, method) && !takesInLoop) {
      return "producers are started in a loop and only one value is taken";
    }
    return null;
  }

  private static int lineOfTask(Node put, int fallback) {
    Node x = put;
    while (x != null) {
      if (x instanceof LambdaExpr || x instanceof ObjectCreationExpr) {
        return Syntax.line(x);
      }
      x = x.getParentNode().orElse(null);
    }
    return fallback;
  }

  private static boolean inLoop(Node n, Node method) {
    Node x = n.getParentNode().orElse(null);
    while (x != null && x != method) {
      if (x instanceof ForStmt || x instanceof WhileStmt || x instanceof DoStmt
          || x instanceof com.github.javaparser.ast.stmt.ForEachStmt) {
        return true;
      }
      x = x.getParentNode().orElse(null);
    }
    return false;
  }
}
