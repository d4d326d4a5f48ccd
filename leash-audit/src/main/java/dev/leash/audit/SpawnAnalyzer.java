package dev.leash.audit;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the spawn sites of one file and answers owner / stop / wait for each (by names, within the file). */
final class SpawnAnalyzer {
  private static final Set<String> LEASH_TYPES = Set.of("TaskGroup", "Loop", "WorkerPool", "Supervisor",
      "ServiceGroup");
  private static final Set<String> LEASH_FACTORIES = Set.of("open", "fixedRate", "fixedDelay", "workers", "create",
      "start", "of", "build", "newPool", "run");
  private static final Map<String, SpawnKind> EXECUTORS = Map.of(
      "newFixedThreadPool", SpawnKind.EXECUTOR,
      "newCachedThreadPool", SpawnKind.EXECUTOR,
      "newSingleThreadExecutor", SpawnKind.EXECUTOR,
      "newVirtualThreadPerTaskExecutor", SpawnKind.EXECUTOR,
      "newThreadPerTaskExecutor", SpawnKind.EXECUTOR,
      "newScheduledThreadPool", SpawnKind.SCHEDULER,
      "newSingleThreadScheduledExecutor", SpawnKind.SCHEDULER,
      "newWorkStealingPool", SpawnKind.FORK_JOIN);
  private static final Set<String> COLLECTION_ADDS = Set.of("add", "put", "offer", "push", "addLast", "addFirst",
      "set", "putIfAbsent", "addAll");
  private static final Set<String> TASK_USES = Set.of("submit", "execute", "schedule", "scheduleAtFixedRate",
      "scheduleWithFixedDelay", "invokeAll", "invokeAny", "supplyAsync", "runAsync", "thenApplyAsync",
      "thenAcceptAsync", "thenRunAsync", "thenComposeAsync", "handleAsync", "whenCompleteAsync",
      "thenCombineAsync", "runAfterBothAsync", "exceptionallyAsync", "thenAcceptBothAsync", "applyToEitherAsync",
      "acceptEitherAsync", "runAfterEitherAsync");
  private static final Set<String> ASYNC_PASSTHROUGH = Set.of("thenApply", "thenAccept", "thenRun", "thenCompose",
      "thenCombine", "handle", "whenComplete", "exceptionally", "thenApplyAsync", "thenAcceptAsync",
      "thenRunAsync", "thenComposeAsync", "handleAsync", "whenCompleteAsync", "exceptionallyCompose",
      "exceptionallyAsync", "toCompletableFuture", "orTimeout", "completeOnTimeout", "thenCombineAsync",
      "copy", "minimalCompletionStage");

  private final CompilationUnit cu;
  private final String file;
  private final Set<String> threadClasses;
  private final boolean swingTimer;
  private final boolean stopFlagInFile;

  SpawnAnalyzer(CompilationUnit cu, String file, Set<String> threadClasses) {
    this.cu = cu;
    this.file = file;
    this.threadClasses = threadClasses;
    this.swingTimer = cu.getImports().stream().anyMatch(i -> i.getNameAsString().equals("javax.swing.Timer"));
    this.stopFlagInFile = hasStopFlag(cu);
  }

  List<Site> sites() {
    List<Site> out = new ArrayList<>();
    for (ObjectCreationExpr oc : cu.findAll(ObjectCreationExpr.class)) {
      String t = oc.getType().getNameAsString();
      SpawnKind kind = switch (t) {
        case "Thread" -> SpawnKind.THREAD;
        case "ThreadPoolExecutor" -> SpawnKind.EXECUTOR;
        case "ScheduledThreadPoolExecutor" -> SpawnKind.SCHEDULER;
        case "ForkJoinPool" -> SpawnKind.FORK_JOIN;
        case "Timer" -> swingTimer || oc.getType().toString().startsWith("javax") ? null : SpawnKind.TIMER;
        default -> LEASH_TYPES.contains(t) ? SpawnKind.LEASH
            : threadClasses.contains(t) ? SpawnKind.THREAD : null;
      };
      if (kind == null || kind == SpawnKind.THREAD && (inThreadFactory(oc) || shutdownHook(oc))) {
        continue;
      }
      List<Node> tasks = new ArrayList<>();
      oc.getArguments().forEach(a -> addTask(tasks, a));
      oc.getAnonymousClassBody().ifPresent(body -> body.forEach(tasks::add));
      out.add(analyse(oc, kind, Syntax.line(oc), tasks, kind != SpawnKind.THREAD && kind != SpawnKind.LEASH));
    }
    for (MethodCallExpr m : cu.findAll(MethodCallExpr.class)) {
      String n = m.getNameAsString();
      SpawnKind kind = null;
      boolean idle = true;
      if (Syntax.scopeIsType(m, "Executors") && EXECUTORS.containsKey(n)) {
        kind = EXECUTORS.get(n);
        idle = !n.equals("newVirtualThreadPerTaskExecutor") && !n.equals("newThreadPerTaskExecutor");
      } else if ((n.equals("start") || n.equals("unstarted")) && m.getScope().isPresent()) {
        String builder = builderRoot(m.getScope().get());
        if (builder != null && !inThreadFactory(m) && !shutdownHook(m)) {
          kind = builder.equals("ofVirtual") ? SpawnKind.VIRTUAL_THREAD : SpawnKind.THREAD;
        }
      } else if (n.equals("startVirtualThread") && Syntax.scopeIsType(m, "Thread")) {
        kind = SpawnKind.VIRTUAL_THREAD;
      } else if ((n.equals("supplyAsync") || n.equals("runAsync")) && Syntax.args(m) == 1
          && Syntax.scopeIsType(m, "CompletableFuture")) {
        kind = SpawnKind.ASYNC;
      } else if (LEASH_FACTORIES.contains(n) && leashChain(m)) {
        kind = SpawnKind.LEASH;
      }
      if (kind == null) {
        continue;
      }
      List<Node> tasks = new ArrayList<>();
      if (kind != SpawnKind.EXECUTOR && kind != SpawnKind.SCHEDULER && kind != SpawnKind.FORK_JOIN) {
        m.getArguments().forEach(a -> addTask(tasks, a));
      }
      out.add(analyse(m, kind, Syntax.nameLine(m), tasks, idle && kind != SpawnKind.LEASH));
    }
    return out;
  }

  // ---- recognising sites -------------------------------------------------------------------------------------

  /** "ofVirtual" / "ofPlatform" when the expression is a Thread builder chain. */
  private static String builderRoot(Expression scope) {
    Expression e = scope;
    while (e instanceof MethodCallExpr c) {
      String n = c.getNameAsString();
      if ((n.equals("ofVirtual") || n.equals("ofPlatform")) && Syntax.scopeIsType(c, "Thread")) {
        return n;
      }
      if (c.getScope().isEmpty()) {
        return null;
      }
      e = c.getScope().get();
    }
    return null;
  }

  /** True for the outermost factory call of a chain rooted at a Leash owner type. */
  private static boolean leashChain(MethodCallExpr m) {
    if (m.getParentNode().orElse(null) instanceof MethodCallExpr p && p.getScope().orElse(null) == m
        && LEASH_FACTORIES.contains(p.getNameAsString())) {
      return false;
    }
    Expression e = m;
    while (e instanceof MethodCallExpr c) {
      if (c.getScope().isEmpty()) {
        return false;
      }
      Expression s = c.getScope().get();
      if (s instanceof NameExpr n && LEASH_TYPES.contains(n.getNameAsString())) {
        return true;
      }
      e = s;
    }
    return false;
  }

  /** {@code new Thread(r)} inside {@code newThread(Runnable r)} or a lambda {@code r -> new Thread(r, ...)}. */
  private static boolean inThreadFactory(Node site) {
    Node n = site.getParentNode().orElse(null);
    while (n != null && !(n instanceof CompilationUnit)) {
      if (n instanceof MethodDeclaration md) {
        return md.getNameAsString().equals("newThread");
      }
      if (n instanceof LambdaExpr l && l.getParameters().size() == 1) {
        String p = l.getParameter(0).getNameAsString();
        return site.findAll(NameExpr.class).stream().anyMatch(x -> x.getNameAsString().equals(p));
      }
      n = n.getParentNode().orElse(null);
    }
    return false;
  }

  /** Argument of {@code addShutdownHook}, directly or through a variable. */
  private boolean shutdownHook(Expression site) {
    Node p = up(site).getParentNode().orElse(null);
    if (p instanceof MethodCallExpr m && m.getNameAsString().equals("addShutdownHook")) {
      return true;
    }
    String var = p instanceof VariableDeclarator v ? v.getNameAsString()
        : p instanceof AssignExpr a ? Syntax.handleName(a.getTarget()) : null;
    return var != null && cu.findAll(MethodCallExpr.class).stream()
        .anyMatch(m -> m.getNameAsString().equals("addShutdownHook") && m.getArguments().stream()
            .anyMatch(a -> var.equals(Syntax.handleName(a))));
  }

  private static Expression up(Expression e) {
    Expression x = e;
    while (x.getParentNode().orElse(null) instanceof Expression p
        && (p instanceof EnclosedExpr || p instanceof CastExpr)) {
      x = p;
    }
    return x;
  }

  private static void addTask(List<Node> tasks, Expression a) {
    if (a instanceof LambdaExpr l) {
      tasks.add(l.getBody());
    } else if (a instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
      o.getAnonymousClassBody().get().forEach(tasks::add);
    }
  }

  // ---- owner / stop / wait -----------------------------------------------------------------------------------

  private enum Bind { NONE, LOCAL, FIELD, COLLECTION, RESOURCE, RETURNED, HANDED }

  private Site analyse(Expression site, SpawnKind kind, int line, List<Node> tasks, boolean idleWorkers) {
    Expression cur = site;
    boolean stop = false;
    boolean wait = false;
    boolean joinedInline = false;
    Bind bind = null;
    String name = null;
    String handedTo = null;
    while (bind == null) {
      Node p = cur.getParentNode().orElse(null);
      if (p instanceof EnclosedExpr || p instanceof CastExpr || p instanceof ConditionalExpr) {
        cur = (Expression) p;
      } else if (p instanceof MethodCallExpr pm && pm.getScope().orElse(null) == cur) {
        String n = pm.getNameAsString();
        if (kind == SpawnKind.ASYNC && ASYNC_PASSTHROUGH.contains(n)) {
          stop |= n.equals("orTimeout") || n.equals("completeOnTimeout");
          cur = pm;
        } else if (kind == SpawnKind.ASYNC && (n.equals("join") || n.equals("get"))) {
          stop = wait = joinedInline = true;
          bind = Bind.NONE;
        } else {
          bind = Bind.NONE;
        }
      } else if (p instanceof MethodCallExpr pm) {
        String n = pm.getNameAsString();
        if (COLLECTION_ADDS.contains(n) && pm.getScope().isPresent() && Syntax.scopeName(pm) != null) {
          bind = Bind.COLLECTION;
          name = Syntax.scopeName(pm);
        } else if (TASK_USES.contains(n) || n.equals("addShutdownHook")) {
          bind = Bind.NONE;
        } else if (pm.getScope().isEmpty() || pm.getScope().get() instanceof NameExpr s
            && Character.isUpperCase(s.getNameAsString().charAt(0))) {
          handedTo = n + "()";
          cur = pm;
        } else {
          bind = Bind.HANDED;
          handedTo = n + "()";
        }
      } else if (p instanceof ObjectCreationExpr oc && oc != site) {
        handedTo = "new " + oc.getType().getNameAsString() + "()";
        cur = oc;
      } else if (p instanceof VariableDeclarator v) {
        name = v.getNameAsString();
        Node decl = v.getParentNode().orElse(null);
        if (decl instanceof FieldDeclaration) {
          bind = Bind.FIELD;
        } else if (decl instanceof VariableDeclarationExpr vde && vde.getParentNode().orElse(null) instanceof TryStmt) {
          bind = Bind.RESOURCE;
        } else {
          bind = Bind.LOCAL;
        }
      } else if (p instanceof AssignExpr a && a.getValue() == cur) {
        name = Syntax.handleName(a.getTarget());
        if (a.getTarget() instanceof FieldAccessExpr f) {
          name = f.getNameAsString();
          bind = Bind.FIELD;
        } else if (name == null) {
          bind = Bind.HANDED;
        } else {
          bind = isLocal(a, name) ? Bind.LOCAL : Bind.FIELD;
        }
      } else if (p instanceof ReturnStmt || p instanceof LambdaExpr
          || p instanceof ExpressionStmt && p.getParentNode().orElse(null) instanceof LambdaExpr l
              && l.getBody() == p && l.getBody() instanceof ExpressionStmt) {
        bind = Bind.RETURNED;
      } else if (p instanceof ExpressionStmt) {
        bind = handedTo != null ? Bind.HANDED : Bind.NONE;
      } else {
        bind = Bind.HANDED;
      }
    }
    if (bind == Bind.NONE && handedTo != null && !joinedInline) {
      bind = Bind.HANDED;
    }
    boolean owner = joinedInline;
    boolean escaped = false;
    switch (bind) {
      case RESOURCE, RETURNED, HANDED -> {
        owner = stop = wait = true;
      }
      case FIELD, LOCAL, COLLECTION -> {
        Node scope = bind == Bind.LOCAL ? enclosingBody(site) : cu;
        Uses u = uses(scope, name, kind, tasks);
        stop |= u.stop;
        wait |= u.waits;
        escaped = u.escaped;
        owner = bind != Bind.LOCAL || stop || wait || escaped;
        if (escaped && bind == Bind.LOCAL && !u.stop && !u.waits) {
          stop = wait = u.handedOff;
        }
      }
      case NONE -> { }
    }
    if ((kind == SpawnKind.THREAD || kind == SpawnKind.VIRTUAL_THREAD) && !stop) {
      stop = stopFlagInFile || finishesByItself(tasks);
    }
    if (kind == SpawnKind.ASYNC && !stop && wait) {
      stop = finishesByItself(tasks);
    }
    SpawnSite s = new SpawnSite(file, line, kind, owner, stop, wait, advice(kind, owner, stop, wait, bind));
    return new Site(s, tasks, idleWorkers, site);
  }

  private static boolean isLocal(Node at, String name) {
    Node body = enclosingBody(at);
    if (body == null) {
      return false;
    }
    for (VariableDeclarator v : body.findAll(VariableDeclarator.class)) {
      if (v.getNameAsString().equals(name)) {
        return true;
      }
    }
    return body.findAll(Parameter.class).stream().anyMatch(p -> p.getNameAsString().equals(name));
  }

  private static Node enclosingBody(Node n) {
    Node x = n.getParentNode().orElse(null);
    while (x != null) {
      if (x instanceof CallableDeclaration<?> || x instanceof InitializerDeclaration) {
        return x;
      }
      x = x.getParentNode().orElse(null);
    }
    return null;
  }

  private record Uses(boolean stop, boolean waits, boolean escaped, boolean handedOff) {}

  private Uses uses(Node scope, String name, SpawnKind kind, List<Node> tasks) {
    if (scope == null || name == null) {
      return new Uses(false, false, false, false);
    }
    Set<String> names = new HashSet<>();
    names.add(name);
    List<MethodCallExpr> calls = scope.findAll(MethodCallExpr.class);
    boolean escaped = false;
    // follow the handle into collections, fields and loop variables (two rounds are enough for t -> list -> for)
    for (int round = 0; round < 2; round++) {
      for (MethodCallExpr m : calls) {
        for (Expression a : m.getArguments()) {
          if (names.contains(Syntax.handleName(a)) && COLLECTION_ADDS.contains(m.getNameAsString())
              && Syntax.scopeName(m) != null) {
            names.add(Syntax.scopeName(m));
            escaped = true;
          }
        }
      }
      for (ForEachStmt f : scope.findAll(ForEachStmt.class)) {
        Expression it = f.getIterable();
        if (it instanceof MethodCallExpr im && im.getScope().isPresent()) {
          it = im.getScope().get();
        }
        if (names.contains(Syntax.handleName(it))) {
          names.add(f.getVariable().getVariable(0).getNameAsString());
        }
      }
      for (MethodCallExpr m : calls) {
        if (rootedAt(m, names)) {
          for (Expression a : m.getArguments()) {
            if (a instanceof LambdaExpr l) {
              l.getParameters().forEach(p -> names.add(p.getNameAsString()));
            }
          }
        }
      }
      for (AssignExpr a : scope.findAll(AssignExpr.class)) {
        if (names.contains(Syntax.handleName(a.getValue())) && a.getTarget() instanceof FieldAccessExpr f) {
          names.add(f.getNameAsString());
          escaped = true;
        } else if (names.contains(Syntax.handleName(a.getValue())) && Syntax.handleName(a.getTarget()) != null) {
          names.add(Syntax.handleName(a.getTarget()));
          escaped = true;
        }
      }
    }
    if (escaped && !names.stream().allMatch(x -> isLocal(scope, x)) && scope != cu) {
      // the handle went into a field: its stop and wait may be anywhere in the file
      return usesIn(cu, names, kind, true, tasks);
    }
    return usesIn(scope, names, kind, escaped, tasks);
  }

  private Uses usesIn(Node scope, Set<String> names, SpawnKind kind, boolean escapedIn,
      List<Node> tasks) {
    boolean stop = false;
    boolean wait = false;
    boolean escaped = escapedIn;
    boolean handedOff = false;
    Set<String> submittedFutures = new HashSet<>();
    for (MethodCallExpr m : scope.findAll(MethodCallExpr.class)) {
      String n = m.getNameAsString();
      String s = Syntax.scopeName(m);
      if (s != null && names.contains(s) || rootedAt(m, names) && !m.getScope().map(x -> x instanceof NameExpr)
          .orElse(false)) {
        if (s != null && names.contains(s)) {
          if (TASK_USES.contains(n)) {
            m.getArguments().forEach(a -> addTask(tasks, a));
          }
          stop |= stopCall(kind, n) || waitCall(kind, n) && stopsSomething(m);
          wait |= waitCall(kind, n);
          if ((n.equals("submit") || n.equals("schedule")) && m.getParentNode().orElse(null)
              instanceof VariableDeclarator v) {
            submittedFutures.add(v.getNameAsString());
          }
          if (n.equals("submit") && m.getParentNode().orElse(null) instanceof MethodCallExpr g
              && g.getNameAsString().equals("get")) {
            wait = true;
          }
        }
        for (Expression a : m.getArguments()) {
          if (a instanceof MethodReferenceExpr r) {
            stop |= stopCall(kind, r.getIdentifier());
            wait |= waitCall(kind, r.getIdentifier());
          }
        }
      }
      for (Expression a : m.getArguments()) {
        if (names.contains(Syntax.handleName(a))) {
          String lower = n.toLowerCase(java.util.Locale.ROOT);
          boolean stopName = lower.contains("shutdown") || lower.contains("close") || lower.contains("stop")
              || lower.contains("cancel") || lower.contains("interrupt") || lower.contains("terminate");
          boolean waitName = lower.contains("await") || lower.contains("join") || lower.contains("close")
              || lower.contains("terminat") || n.equals("allOf") || n.equals("anyOf");
          stop |= stopName;
          wait |= waitName;
          if (!stopName && !waitName && !TASK_USES.contains(n) && !COLLECTION_ADDS.contains(n)
              && !n.equals("addShutdownHook")) {
            escaped = true;
            handedOff = true;
          }
        }
      }
    }
    if (!submittedFutures.isEmpty()) {
      for (MethodCallExpr m : scope.findAll(MethodCallExpr.class)) {
        if (m.getNameAsString().equals("get") && submittedFutures.contains(Syntax.scopeName(m))) {
          wait = true;
        }
      }
    }
    for (ReturnStmt r : scope.findAll(ReturnStmt.class)) {
      if (r.getExpression().map(e -> names.contains(Syntax.handleName(e))).orElse(false)) {
        escaped = true;
        handedOff = true;
      }
    }
    for (ObjectCreationExpr oc : scope.findAll(ObjectCreationExpr.class)) {
      if (oc.getArguments().stream().anyMatch(a -> names.contains(Syntax.handleName(a)))
          && !oc.getType().getNameAsString().equals("Thread")) {
        escaped = true;
        handedOff = true;
      }
    }
    return new Uses(stop, wait, escaped, handedOff);
  }

  /**
   * The method that waits for a thread also sends it a stop signal of another shape: closes the resource it
   * blocks on, sets a flag or hands it a poison pill.
   */
  private static boolean stopsSomething(MethodCallExpr join) {
    Node method = join.findAncestor(CallableDeclaration.class).map(Node.class::cast).orElse(null);
    if (method == null) {
      return false;
    }
    for (MethodCallExpr m : method.findAll(MethodCallExpr.class)) {
      String n = m.getNameAsString();
      if (n.equals("close") || n.equals("cancel") || n.equals("shutdown") || n.equals("shutdownNow")
          || n.equals("interrupt") || n.equals("stop") || n.equals("offer") || n.equals("put")
          || n.equals("countDown") || n.equals("set") && m.getArguments().stream()
              .anyMatch(a -> a instanceof BooleanLiteralExpr)) {
        return true;
      }
    }
    return method.findAll(AssignExpr.class).stream().anyMatch(a -> a.getValue() instanceof BooleanLiteralExpr);
  }

  private static boolean rootedAt(MethodCallExpr m, Set<String> names) {
    Expression e = m;
    while (e instanceof MethodCallExpr c && c.getScope().isPresent()) {
      e = c.getScope().get();
    }
    return names.contains(Syntax.handleName(e));
  }

  private static boolean stopCall(SpawnKind kind, String n) {
    return switch (kind) {
      case THREAD, VIRTUAL_THREAD -> n.equals("interrupt") || n.equals("stop") || n.equals("halt")
          || n.equals("shutdown") || n.equals("close") || n.equals("cancel");
      case EXECUTOR, SCHEDULER, FORK_JOIN -> n.equals("shutdown") || n.equals("shutdownNow") || n.equals("close");
      case TIMER -> n.equals("cancel");
      case ASYNC -> n.equals("cancel") || n.equals("complete") || n.equals("completeExceptionally")
          || n.equals("orTimeout") || n.equals("completeOnTimeout") || n.equals("obtrudeValue");
      case LEASH -> n.equals("close") || n.equals("cancel") || n.equals("closeNow") || n.equals("stop")
          || n.equals("shutdown");
    };
  }

  private static boolean waitCall(SpawnKind kind, String n) {
    return switch (kind) {
      case THREAD, VIRTUAL_THREAD -> n.equals("join");
      case EXECUTOR, SCHEDULER, FORK_JOIN -> n.equals("awaitTermination") || n.equals("close")
          || n.equals("invokeAll") || n.equals("invoke") || n.equals("awaitQuiescence");
      case TIMER -> n.equals("cancel");
      case ASYNC -> n.equals("get") || n.equals("join");
      case LEASH -> n.equals("close") || n.equals("await") || n.equals("join") || n.equals("closeNow")
          || n.equals("awaitTermination");
    };
  }

  /** An inline task with no loop and no untimed wait: it ends on its own. */
  private static boolean finishesByItself(List<Node> tasks) {
    if (tasks.isEmpty()) {
      return false;
    }
    for (Node t : tasks) {
      if (!t.findAll(WhileStmt.class).isEmpty() || !t.findAll(DoStmt.class).isEmpty()
          || !t.findAll(ForStmt.class, f -> f.getCompare().isEmpty()).isEmpty()) {
        return false;
      }
      for (MethodCallExpr m : t.findAll(MethodCallExpr.class)) {
        if (Blocking.untimedWait(m) != null || Blocking.io(m) != null) {
          return false;
        }
      }
    }
    return true;
  }

  /** A volatile boolean or AtomicBoolean field that is assigned or set somewhere: a stop flag. */
  private static boolean hasStopFlag(CompilationUnit cu) {
    Set<String> flags = new HashSet<>();
    for (FieldDeclaration f : cu.findAll(FieldDeclaration.class)) {
      String type = f.getElementType().asString();
      if (f.isVolatile() && type.equals("boolean") || type.equals("AtomicBoolean")) {
        f.getVariables().forEach(v -> flags.add(v.getNameAsString()));
      }
    }
    if (flags.isEmpty()) {
      return false;
    }
    for (AssignExpr a : cu.findAll(AssignExpr.class)) {
      if (flags.contains(Syntax.handleName(a.getTarget())) && a.getValue() instanceof BooleanLiteralExpr) {
        return true;
      }
    }
    for (MethodCallExpr m : cu.findAll(MethodCallExpr.class)) {
      if ((m.getNameAsString().equals("set") || m.getNameAsString().equals("compareAndSet")
          || m.getNameAsString().equals("getAndSet")) && flags.contains(Syntax.scopeName(m))) {
        return true;
      }
    }
    return false;
  }

  private static String advice(SpawnKind kind, boolean owner, boolean stop, boolean wait, Bind bind) {
    if (owner && stop && wait) {
      return bind == Bind.HANDED || bind == Bind.RETURNED
          ? "handed to another owner; check that it stops and waits" : "";
    }
    List<String> missing = new ArrayList<>();
    if (!owner) {
      missing.add("owner");
    }
    if (!stop) {
      missing.add("stop");
    }
    if (!wait) {
      missing.add("wait");
    }
    String what = "no " + String.join(", no ", missing) + ": ";
    String fix = switch (kind) {
      case THREAD, VIRTUAL_THREAD -> !owner
          ? "keep the Thread (field or TaskGroup), interrupt() it on close and join() it"
          : !stop ? "interrupt() it (or set a stop flag) from its owner's close()" : "join() it after stopping it";
      case EXECUTOR, FORK_JOIN -> !owner
          ? "keep the executor in a field or try-with-resources and close() it"
          : "call shutdown() and awaitTermination() (or close()) from its owner's close()";
      case SCHEDULER -> "shut the scheduler down from its owner's close(), or use a Leash Loop";
      case TIMER -> "cancel() the Timer from its owner's close(), or use a Leash Loop";
      case ASYNC -> !owner
          ? "keep the CompletableFuture and get()/join() it, or run it in an executor you own"
          : "bound it (orTimeout) or cancel it, and join() it";
      case LEASH -> "close() it, ideally in try-with-resources";
    };
    return what + fix;
  }
}
