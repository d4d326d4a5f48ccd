package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code stuck-io}: a socket read in a task with no read timeout and no close from elsewhere. */
final class StuckIoRule implements RuleCheck {
  private FileContext ctx;

  @Override
  public void check(FileContext ctx) {
    this.ctx = ctx;
    stuckIo();
  }

  private void stuckIo() {
    Set<String> sockets = new HashSet<>();
    for (VariableDeclarator v : ctx.idx().all(VariableDeclarator.class)) {
      String t = v.getTypeAsString();
      Expression init = v.getInitializer().map(Syntax::unwrap).orElse(null);
      boolean socketInit = init instanceof ObjectCreationExpr oc && oc.getType().getNameAsString().endsWith("Socket")
          || init instanceof MethodCallExpr mc && (mc.getNameAsString().equals("openConnection")
              || mc.getNameAsString().equals("accept") || mc.getNameAsString().equals("createSocket"));
      if (t.equals("Socket") || t.equals("SSLSocket") || t.endsWith("URLConnection") || socketInit) {
        sockets.add(v.getNameAsString());
      }
    }
    for (Parameter p : ctx.idx().all(Parameter.class)) {
      String t = p.getTypeAsString();
      if (t.equals("Socket") || t.equals("SSLSocket") || t.endsWith("URLConnection")) {
        sockets.add(p.getNameAsString());
      }
    }
    if (sockets.isEmpty()) {
      return;
    }
    Set<String> safe = new HashSet<>();
    List<MethodCallExpr> calls = ctx.idx().all(MethodCallExpr.class);
    for (MethodCallExpr m : calls) {
      String n = m.getNameAsString();
      String s = Syntax.scopeName(m);
      if (s != null && (n.equals("setSoTimeout") || n.equals("setReadTimeout"))) {
        safe.add(s);
      }
    }
    for (MethodCallExpr m : calls) {
      String s = Syntax.scopeName(m);
      if (s == null || !sockets.contains(s) || safe.contains(s) || !m.getNameAsString().equals("getInputStream")
          || !inTask(m) || closedElsewhere(calls, s, m)) {
        continue;
      }
      ctx.report(Rule.STUCK_IO, m, Syntax.nameLine(m), "'" + s + "' is read in a task with no read timeout"
          + " (setSoTimeout/setReadTimeout): if the peer goes quiet the task blocks forever");
      safe.add(s);
    }
  }

  private static boolean inTask(Node n) {
    Node x = n.getParentNode().orElse(null);
    while (x != null) {
      if (x instanceof LambdaExpr) {
        return true;
      }
      if (x instanceof MethodDeclaration md && (md.getNameAsString().equals("run")
          || md.getNameAsString().equals("call"))) {
        return true;
      }
      if (x instanceof ClassOrInterfaceDeclaration c) {
        return c.getExtendedTypes().stream().anyMatch(t -> t.getNameAsString().equals("Thread"))
            || c.getImplementedTypes().stream().anyMatch(t -> t.getNameAsString().equals("Runnable")
                || t.getNameAsString().equals("Callable"));
      }
      x = x.getParentNode().orElse(null);
    }
    return false;
  }

  /** The socket is a field closed from another method: another thread can unblock the read. */
  private static boolean closedElsewhere(List<MethodCallExpr> calls, String s, MethodCallExpr read) {
    Node readMethod = read.findAncestor(CallableDeclaration.class).orElse(null);
    for (MethodCallExpr m : calls) {
      if (m.getNameAsString().equals("close") && (s.equals(Syntax.scopeName(m)))
          && m.findAncestor(CallableDeclaration.class).orElse(null) != readMethod) {
        return true;
      }
      if (m.getNameAsString().equals("close") && m.getScope().orElse(null) instanceof ThisExpr) {
        return true;
      }
    }
    return false;
  }
}
