package dev.leash.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;

/**
 * The declared type of a variable used as a call's receiver, found syntactically: the nearest enclosing local variable
 * (declared before the use in an enclosing block, a {@code for} header, a {@code try} resource), lambda, method or
 * catch parameter, or field of an enclosing class, record components included. No symbol resolution: a {@code var}
 * local gives the type of its {@code new X<>()} initializer, and a name declared nowhere in the file is unknown.
 */
final class DeclaredTypes {
  private DeclaredTypes() {}

  /** The declaration of the receiver of {@code x} ({@code q} or {@code this.q}), or null when not found. */
  static Declaration of(Expression receiver) {
    Expression e = Syntax.unwrap(receiver);
    String name = Syntax.handleName(e);
    if (name == null) {
      return null;
    }
    boolean fieldOnly = e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr;
    Node child = e;
    Node x = e.getParentNode().orElse(null);
    while (x != null) {
      Declaration d = fieldOnly ? null : local(x, child, name);
      if (d == null && x instanceof TypeDeclaration<?> t) {
        d = field(t, name);
        if (d == null && fieldOnly) {
          return null; // this.q names a field of the innermost class only
        }
      }
      if (d != null) {
        return d;
      }
      child = x;
      x = x.getParentNode().orElse(null);
    }
    return null;
  }

  /**
   * A declared variable: its simple type name without type arguments ({@code SynchronousQueue}) and its
   * initializer, if any.
   */
  record Declaration(String type, Expression initializer) {}

  private static Declaration local(Node scope, Node child, String name) {
    if (scope instanceof BlockStmt b) {
      Declaration found = null;
      for (Statement s : b.getStatements()) {
        if (s == child) {
          break;
        }
        if (s instanceof ExpressionStmt es && es.getExpression() instanceof VariableDeclarationExpr v) {
          Declaration d = variable(v.getVariables(), name);
          found = d != null ? d : found;
        }
      }
      return found;
    }
    if (scope instanceof ForStmt f) {
      for (Expression init : f.getInitialization()) {
        if (init instanceof VariableDeclarationExpr v && variable(v.getVariables(), name) != null) {
          return variable(v.getVariables(), name);
        }
      }
    }
    if (scope instanceof ForEachStmt f) {
      return variable(f.getVariable().getVariables(), name);
    }
    if (scope instanceof TryStmt t && t.getTryBlock() == child) {
      for (Expression r : t.getResources()) {
        if (r instanceof VariableDeclarationExpr v && variable(v.getVariables(), name) != null) {
          return variable(v.getVariables(), name);
        }
      }
    }
    if (scope instanceof CatchClause c && c.getParameter().getNameAsString().equals(name)) {
      return new Declaration(simple(c.getParameter().getType()), null);
    }
    if (scope instanceof LambdaExpr l) {
      return parameter(l.getParameters(), name);
    }
    if (scope instanceof CallableDeclaration<?> c) {
      return parameter(c.getParameters(), name);
    }
    return null;
  }

  private static Declaration field(TypeDeclaration<?> t, String name) {
    for (FieldDeclaration f : t.getFields()) {
      Declaration d = variable(f.getVariables(), name);
      if (d != null) {
        return d;
      }
    }
    return t instanceof RecordDeclaration r ? parameter(r.getParameters(), name) : null;
  }

  private static Declaration variable(NodeList<VariableDeclarator> vars, String name) {
    for (VariableDeclarator v : vars) {
      if (v.getNameAsString().equals(name)) {
        Expression init = v.getInitializer().map(Syntax::unwrap).orElse(null);
        String type = v.getType().isVarType() && init instanceof ObjectCreationExpr oc
            ? oc.getType().getNameAsString()
            : simple(v.getType());
        return new Declaration(type, init);
      }
    }
    return null;
  }

  private static Declaration parameter(NodeList<Parameter> params, String name) {
    for (Parameter p : params) {
      if (p.getNameAsString().equals(name)) {
        return new Declaration(simple(p.getType()), null);
      }
    }
    return null;
  }

  /** {@code SynchronousQueue} for {@code java.util.concurrent.SynchronousQueue<String>}; "" for an inferred type. */
  private static String simple(Type t) {
    if (t instanceof ClassOrInterfaceType c) {
      return c.getNameAsString();
    }
    return t.isUnknownType() || t.isVarType() ? "" : t.asString();
  }
}
