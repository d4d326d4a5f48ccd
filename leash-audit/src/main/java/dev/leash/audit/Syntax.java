package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Small syntactic helpers shared by the analysers (no symbol resolution: names only). */
final class Syntax {
  private Syntax() {}

  /** {@code x} for {@code x} and {@code this.x}; null for anything else. */
  static String handleName(Expression e) {
    Expression x = unwrap(e);
    if (x instanceof NameExpr n) {
      return n.getNameAsString();
    }
    if (x instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
      return f.getNameAsString();
    }
    return null;
  }

  static Expression unwrap(Expression e) {
    Expression x = e;
    while (true) {
      if (x instanceof EnclosedExpr en) {
        x = en.getInner();
      } else if (x instanceof CastExpr c) {
        x = c.getExpression();
      } else {
        return x;
      }
    }
  }

  /** The handle name of a call's scope, or null. */
  static String scopeName(MethodCallExpr m) {
    return m.getScope().map(Syntax::handleName).orElse(null);
  }

  /** True when the call's scope is the simple or qualified type name {@code type}. */
  static boolean scopeIsType(MethodCallExpr m, String type) {
    if (m.getScope().isEmpty()) {
      return false;
    }
    Expression s = m.getScope().get();
    if (s instanceof NameExpr n) {
      return n.getNameAsString().equals(type);
    }
    return s instanceof FieldAccessExpr f && f.getNameAsString().equals(type);
  }

  static int line(Node n) {
    return n.getBegin().map(p -> p.line).orElse(1);
  }

  /** The line of a call's method name, i.e. of {@code name(}, which is where a chained call is on its own line. */
  static int nameLine(MethodCallExpr m) {
    return m.getName().getBegin().map(p -> p.line).orElse(line(m));
  }

  static boolean nameContains(String name, String... parts) {
    if (name == null) {
      return false;
    }
    String l = name.toLowerCase(Locale.ROOT);
    for (String p : parts) {
      if (l.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** True for nodes whose code runs later, not where they are written: lambdas, anonymous and local classes. */
  static boolean deferred(Node n) {
    return n instanceof LambdaExpr
        || n instanceof LocalClassDeclarationStmt
        || n instanceof LocalRecordDeclarationStmt
        || n instanceof TypeDeclaration<?>
        || n instanceof BodyDeclaration<?> && n.getParentNode().orElse(null) instanceof ObjectCreationExpr;
  }

  /** Nodes of {@code type} under {@code root} that run when {@code root} runs (deferred bodies excluded). */
  static <T extends Node> List<T> direct(Node root, Class<T> type) {
    return direct(root, type, x -> true);
  }

  static <T extends Node> List<T> direct(Node root, Class<T> type, Predicate<T> keep) {
    List<T> out = new ArrayList<>();
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (type.isInstance(n) && keep.test(type.cast(n))) {
        out.add(type.cast(n));
      }
      List<Node> children = n.getChildNodes();
      for (int i = children.size() - 1; i >= 0; i--) {
        Node c = children.get(i);
        if (c != root && deferred(c)) {
          continue;
        }
        stack.push(c);
      }
    }
    return out;
  }

  /** Number of arguments of a call. */
  static int args(MethodCallExpr m) {
    return m.getArguments().size();
  }
}
