package dev.leash.audit;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds the {@link TypeFacts} of every named type of one parsed file, in one walk per type. */
final class FactCollector {
  private FactCollector() {}

  /** The context of names at the top level of {@code cu}. */
  static NameContext context(CompilationUnit cu) {
    String pkg = cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    Map<String, String> single = new HashMap<>();
    List<String> wild = new ArrayList<>();
    for (ImportDeclaration i : cu.getImports()) {
      if (i.isStatic()) {
        continue;
      }
      if (i.isAsterisk()) {
        wild.add(i.getNameAsString());
      } else {
        String n = i.getNameAsString();
        single.put(n.substring(n.lastIndexOf('.') + 1), n);
      }
    }
    return new NameContext(pkg, Map.copyOf(single), List.copyOf(wild), List.of());
  }

  /** A class or record declared inside a method body. */
  static boolean local(TypeDeclaration<?> t) {
    Node p = t.getParentNode().orElse(null);
    return p instanceof com.github.javaparser.ast.stmt.LocalClassDeclarationStmt
        || p instanceof com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
  }

  /** The fully qualified name of a type declaration, nested types joined with dots. */
  static String fqn(TypeDeclaration<?> t, String pkg) {
    Deque<String> parts = new ArrayDeque<>();
    Node x = t;
    while (x != null) {
      if (x instanceof TypeDeclaration<?> td) {
        parts.addFirst(td.getNameAsString());
      }
      x = x.getParentNode().orElse(null);
    }
    String name = String.join(".", parts);
    return pkg.isEmpty() ? name : pkg + "." + name;
  }

  /** The context inside {@code t} (its enclosing types innermost first). */
  static NameContext contextOf(Node n, NameContext top) {
    List<String> enclosing = new ArrayList<>();
    Node x = n;
    while (x != null) {
      if (x instanceof TypeDeclaration<?> td && !local(td)) {
        enclosing.add(fqn(td, top.pkg()));
      }
      x = x.getParentNode().orElse(null);
    }
    return new NameContext(top.pkg(), top.imports(), top.wildcards(), List.copyOf(enclosing));
  }

  static List<TypeFacts> collect(CompilationUnit cu, Index idx, String file, NameContext top) {
    List<TypeFacts> out = new ArrayList<>();
    for (TypeDeclaration<?> t : idx.all(TypeDeclaration.class)) {
      if (local(t)) {
        continue;
      }
      out.add(collect(t, file, top));
    }
    return out;
  }

  private static TypeFacts collect(TypeDeclaration<?> t, String file, NameContext top) {
    String fqn = fqn(t, top.pkg());
    NameContext ctx = contextOf(t, top);
    String superclass = t instanceof ClassOrInterfaceDeclaration c && !c.isInterface()
        && c.getExtendedTypes().isNonEmpty() ? raw(c.getExtendedTypes(0)) : null;
    Map<String, String> fieldTypes = new LinkedHashMap<>();
    for (FieldDeclaration f : t.getFields()) {
      f.getVariables().forEach(v -> fieldTypes.put(v.getNameAsString(), raw(v.getType())));
    }
    Map<Integer, Map<Integer, String>> ctors = new HashMap<>();
    Map<String, Map<Integer, String>> setters = new HashMap<>();
    TreeSet<String> methods = new TreeSet<>();
    Map<String, List<TypeFacts.Op>> ops = new HashMap<>();
    Map<String, List<String>> params = new HashMap<>();
    for (BodyDeclaration<?> member : t.getMembers()) {
      if (member instanceof CallableDeclaration<?> cd) {
        String key = (cd instanceof ConstructorDeclaration ? "<init>" : cd.getNameAsString()) + "/"
            + cd.getParameters().size();
        params.putIfAbsent(key, cd.getParameters().stream().map(x -> x.getNameAsString()).toList());
      }
      if (member instanceof TypeDeclaration<?>) {
        continue;
      }
      if (member instanceof ConstructorDeclaration c) {
        Map<Integer, String> m = paramsToFields(c, fieldTypes);
        ctors.merge(c.getParameters().size(), m, (a, b) -> a.isEmpty() ? b : a);
      } else if (member instanceof MethodDeclaration md) {
        String key = md.getNameAsString() + "/" + md.getParameters().size();
        methods.add(key);
        Map<Integer, String> m = paramsToFields(md, fieldTypes);
        if (!m.isEmpty()) {
          setters.putIfAbsent(key, m);
        }
      }
      String where = member instanceof MethodDeclaration md ? md.getNameAsString() : "<init>";
      ops(member, where, ops);
    }
    if (t instanceof com.github.javaparser.ast.body.RecordDeclaration r) {
      Map<Integer, String> m = new HashMap<>();
      for (int i = 0; i < r.getParameters().size(); i++) {
        m.put(i, r.getParameter(i).getNameAsString());
        fieldTypes.put(r.getParameter(i).getNameAsString(), raw(r.getParameter(i).getType()));
      }
      ctors.putIfAbsent(r.getParameters().size(), m);
    }
    Boolean runEnds = null;
    for (MethodDeclaration md : t.getMethodsBySignature("run")) {
      if (md.getBody().isPresent()) {
        runEnds = SpawnAnalyzer.finishesByItself(List.of(md.getBody().get()));
      }
    }
    return new TypeFacts(fqn, file, ctx, superclass, fieldTypes, ctors, setters, ops, methods, params, runEnds);
  }

  /** The type as written without type arguments: {@code a.b.C} for {@code a.b.C<D>}. */
  static String raw(com.github.javaparser.ast.type.Type type) {
    if (type instanceof ClassOrInterfaceType c) {
      return c.getScope().map(s -> raw(s) + ".").orElse("") + c.getNameAsString();
    }
    return type.asString();
  }

  /** Constructor or method parameters assigned to fields ({@code this.f = p}, {@code f = requireNonNull(p)}). */
  private static Map<Integer, String> paramsToFields(CallableDeclaration<?> c, Map<String, String> fields) {
    Map<String, Integer> params = new HashMap<>();
    for (int i = 0; i < c.getParameters().size(); i++) {
      params.put(c.getParameter(i).getNameAsString(), i);
    }
    Map<Integer, String> out = new HashMap<>();
    if (params.isEmpty()) {
      return out;
    }
    for (AssignExpr a : c.findAll(AssignExpr.class)) {
      String target = Syntax.handleName(a.getTarget());
      String value = passedThrough(a.getValue());
      boolean field = a.getTarget().isFieldAccessExpr() || target != null && !params.containsKey(target);
      if (target != null && value != null && params.containsKey(value) && field
          && (fields.containsKey(target) || a.getTarget().isFieldAccessExpr())) {
        out.putIfAbsent(params.get(value), target);
      }
    }
    for (ExplicitConstructorInvocationStmt e : c.findAll(ExplicitConstructorInvocationStmt.class)) {
      for (int i = 0; i < e.getArguments().size(); i++) {
        String value = passedThrough(e.getArgument(i));
        if (value != null && params.containsKey(value)) {
          out.putIfAbsent(params.get(value), (e.isThis() ? "this:" : "super:") + i + "/" + e.getArguments().size());
        }
      }
    }
    return out;
  }

  /** {@code p} for {@code p}, {@code (X) p} and {@code requireNonNull(p, ...)}-style wrappers. */
  private static String passedThrough(Expression e) {
    Expression x = Syntax.unwrap(e);
    if (x instanceof MethodCallExpr m && m.getArguments().isNonEmpty()
        && Syntax.nameContains(m.getNameAsString(), "requirenonnull", "checknotnull", "notnull")) {
      x = Syntax.unwrap(m.getArgument(0));
    }
    return Syntax.handleName(x);
  }

  /** Records every call made on a name, every call it is passed to, and where it escapes. */
  private static void ops(Node member, String where, Map<String, List<TypeFacts.Op>> ops) {
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(member);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (n instanceof MethodCallExpr m) {
        Expression scope = m.getScope().orElse(null);
        String r = scope == null ? null : receiver(scope);
        if (r != null) {
          add(ops, r, where, m.getNameAsString());
        } else if (scope instanceof MethodCallExpr inner && inner.getScope().isPresent()) {
          String rr = receiver(inner.getScope().get());
          if (rr != null) {
            add(ops, rr, where, inner.getNameAsString() + "." + m.getNameAsString());
          }
        }
        for (Expression a : m.getArguments()) {
          String h = Syntax.handleName(a);
          if (h != null) {
            add(ops, h, where, "arg:" + m.getNameAsString());
          }
        }
      } else if (n instanceof MethodReferenceExpr ref) {
        String h = ref.getScope() instanceof com.github.javaparser.ast.expr.TypeExpr te
            && te.getType() instanceof ClassOrInterfaceType c && c.getScope().isEmpty()
            ? c.getNameAsString() : Syntax.handleName(ref.getScope());
        if (h != null) {
          add(ops, h, where, ref.getIdentifier());
        }
      } else if (n instanceof ReturnStmt ret && ret.getExpression().isPresent()) {
        String h = Syntax.handleName(ret.getExpression().get());
        if (h != null) {
          add(ops, h, where, "escape");
        }
      } else if (n instanceof ObjectCreationExpr oc) {
        for (Expression a : oc.getArguments()) {
          String h = Syntax.handleName(a);
          if (h != null) {
            add(ops, h, where, "escape");
          }
        }
      }
      List<Node> children = n.getChildNodes();
      for (int i = children.size() - 1; i >= 0; i--) {
        Node c = children.get(i);
        if (c instanceof TypeDeclaration<?> && !(c.getParentNode().orElse(null) instanceof ObjectCreationExpr)) {
          continue;
        }
        stack.push(c);
      }
    }
  }

  /** The field-like name a call is made on: {@code f}, {@code this.f}, or a loop variable over {@code f}. */
  private static String receiver(Expression scope) {
    String h = Syntax.handleName(scope);
    if (h == null) {
      return null;
    }
    for (Node x = scope.getParentNode().orElse(null); x != null; x = x.getParentNode().orElse(null)) {
      if (x instanceof ForEachStmt f && f.getVariable().getVariables().size() == 1
          && f.getVariable().getVariable(0).getNameAsString().equals(h)) {
        Expression it = f.getIterable();
        while (it instanceof MethodCallExpr im && im.getScope().isPresent()) {
          it = im.getScope().get();
        }
        String root = Syntax.handleName(it);
        return root != null ? root : h;
      }
      if (x instanceof CallableDeclaration<?>) {
        break;
      }
    }
    return h;
  }

  private static void add(Map<String, List<TypeFacts.Op>> ops, String name, String where, String call) {
    ops.computeIfAbsent(name, k -> new ArrayList<>()).add(new TypeFacts.Op(where, call));
  }
}
