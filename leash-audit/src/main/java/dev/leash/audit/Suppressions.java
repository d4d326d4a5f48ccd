package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;

/**
 * Suppression: {@code @SuppressWarnings("leash:<id>")} (or {@code "leash:all"}) on any enclosing declaration, or a
 * {@code // leash:ignore <id>} comment (or a bare {@code // leash:ignore}) on the finding's line or the line above.
 */
final class Suppressions {
  private final String[] lines;

  Suppressions(String[] lines) {
    this.lines = lines;
  }

  boolean suppressed(Rule rule, Node node, int line) {
    return byComment(rule, line) || byComment(rule, line - 1) || byAnnotation(rule, node);
  }

  private boolean byComment(Rule rule, int line) {
    if (line < 1 || line > lines.length) {
      return false;
    }
    String l = lines[line - 1];
    int i = l.indexOf("leash:ignore");
    if (i < 0 || l.lastIndexOf("//", i) < 0 && l.lastIndexOf("/*", i) < 0) {
      return false;
    }
    String rest = l.substring(i + "leash:ignore".length()).replace("*/", " ").trim();
    return rest.isEmpty() || rest.startsWith(rule.id()) || rest.startsWith("all");
  }

  private static boolean byAnnotation(Rule rule, Node node) {
    Node n = node;
    while (n != null) {
      if (n instanceof NodeWithAnnotations<?> a) {
        for (AnnotationExpr ann : a.getAnnotations()) {
          if (ann.getNameAsString().endsWith("SuppressWarnings") && mentions(ann, rule)) {
            return true;
          }
        }
      }
      n = n.getParentNode().orElse(null);
    }
    return false;
  }

  private static boolean mentions(AnnotationExpr ann, Rule rule) {
    Expression v = ann instanceof SingleMemberAnnotationExpr s ? s.getMemberValue()
        : ann instanceof NormalAnnotationExpr na && !na.getPairs().isEmpty() ? na.getPairs().get(0).getValue()
        : null;
    if (v == null) {
      return false;
    }
    for (StringLiteralExpr s : v.findAll(StringLiteralExpr.class)) {
      String t = s.getValue();
      if (t.equals("leash:" + rule.id()) || t.equals("leash:all")) {
        return true;
      }
    }
    return false;
  }
}
