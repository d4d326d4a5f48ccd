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

  /** Calls that only look at a handle (compare, print, log, check): passing it there hands nothing over. */
  private static final Set<String> LOOKS_ONLY = Set.of("equals", "hashCode", "toString", "valueOf", "identityHashCode",
      "contains", "containsKey", "containsValue", "indexOf", "remove", "println", "print", "printf", "format",
      "append", "trace", "debug", "info", "warn", "error", "fine", "finer", "finest", "log", "requireNonNull",
      "checkNotNull", "isAlive", "getName", "setName", "setDaemon", "setPriority", "setUncaughtExceptionHandler");

  private static final Set<String> CHAINED_WAITS = Set.of("sync", "syncUninterruptibly", "await",
      "awaitUninterruptibly", "get");

  private final CompilationUnit cu;
  private final String file;
  private final Set<String> threadClasses;
  private final NameContext top;
  private final Map<String, java.util.SortedSet<SpawnKind>> factories;
  private final boolean swingTimer;
  private final boolean stopFlagInFile;

  private final Index idx;

  SpawnAnalyzer(CompilationUnit cu, Index idx, String file, Set<String> threadClasses, NameContext top,
      Map<String, java.util.SortedSet<SpawnKind>> factories) {
    this.cu = cu;
    this.idx = idx;
    this.file = file;
    this.threadClasses = threadClasses;
    this.top = top;
    this.factories = factories;
    this.swingTimer = cu.getImports().stream().anyMatch(i -> i.getNameAsString().equals("javax.swing.Timer"));
    this.stopFlagInFile = hasStopFlag(idx);
  }

  List<Site> sites() {
    List<Site> out = new ArrayList<>();
    for (ObjectCreationExpr oc : idx.all(ObjectCreationExpr.class)) {
      String t = oc.getType().getNameAsString();
      SpawnKind kind = switch (t) {
        case "Thread" -> SpawnKind.THREAD;
        case "ThreadPoolExecutor" -> SpawnKind.EXECUTOR;
        case "ScheduledThreadPoolExecutor" -> SpawnKind.SCHEDULER;
        case "ForkJoinPool" -> SpawnKind.FORK_JOIN;
        case "Timer" -> swingTimer || oc.getType().toString().startsWith("javax") ? null : SpawnKind.TIMER;
        case "NioEventLoopGroup", "EpollEventLoopGroup", "KQueueEventLoopGroup", "DefaultEventLoopGroup",
            "MultiThreadIoEventLoopGroup", "DefaultEventExecutorGroup", "UnorderedThreadPoolEventExecutor",
            "QueuedThreadPool", "ExecutorThreadPool" -> SpawnKind.EXECUTOR;
        default -> LEASH_TYPES.contains(t) ? SpawnKind.LEASH
            : threadClasses.contains(t) ? SpawnKind.THREAD
            : swingWorker(oc) ? SpawnKind.ASYNC : null;
      };
      if (kind == null || kind == SpawnKind.THREAD && (inThreadFactory(oc) || shutdownHook(oc))) {
        continue;
      }
      boolean subclass = kind == SpawnKind.THREAD && !t.equals("Thread");
      List<Node> tasks = new ArrayList<>();
      oc.getArguments().forEach(a -> addTask(tasks, a));
      oc.getAnonymousClassBody().ifPresent(body -> body.forEach(tasks::add));
      Site site = analyse(oc, kind, Syntax.line(oc), tasks, kind != SpawnKind.THREAD && kind != SpawnKind.LEASH,
          subclass ? FactCollector.raw(oc.getType()) : null);
      if (site != null) {
        out.add(site);
      }
    }
    for (MethodCallExpr m : idx.all(MethodCallExpr.class)) {
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
      Site site = analyse(m, kind, Syntax.nameLine(m), tasks, idle && kind != SpawnKind.LEASH, null);
      if (site != null) {
        out.add(site);
      }
    }
    return out;
  }

  /**
   * Calls of methods that may be project factories of threads or executors, each analysed as a spawn site of every
   * kind that method name may return.
   */
  List<CallSite> calls(java.util.function.Function<Site, List<Finding>> ifNoStop) {
    if (factories.isEmpty()) {
      return List.of();
    }
    List<CallSite> out = new ArrayList<>();
    for (MethodCallExpr m : idx.all(MethodCallExpr.class)) {
      java.util.SortedSet<SpawnKind> kinds = factories.get(m.getNameAsString());
      if (kinds == null || m.getScope().map(s -> !(s instanceof NameExpr || s instanceof FieldAccessExpr
          || s instanceof com.github.javaparser.ast.expr.ThisExpr)).orElse(false)) {
        continue;
      }
      String receiver = null;
      if (m.getScope().isPresent()) {
        Expression sc = m.getScope().get();
        if (sc instanceof com.github.javaparser.ast.expr.ThisExpr) {
          receiver = null;
        } else if (sc instanceof NameExpr n && Character.isUpperCase(n.getNameAsString().charAt(0))) {
          receiver = n.getNameAsString();
        } else if (sc instanceof FieldAccessExpr f && !(f.getScope() instanceof com.github.javaparser.ast.expr.ThisExpr)
            && Character.isUpperCase(f.getNameAsString().charAt(0))) {
          receiver = f.toString();
        } else {
          DeclaredTypes.Declaration d = DeclaredTypes.of(sc);
          if (d == null || d.type().isEmpty()) {
            continue;
          }
          receiver = d.type();
        }
      }
      Map<SpawnKind, PendingSite> byKind = new java.util.EnumMap<>(SpawnKind.class);
      for (SpawnKind k : kinds) {
        Site s = analyse(m, k, Syntax.nameLine(m), new ArrayList<>(), k != SpawnKind.THREAD, null);
        if (s != null) {
          byKind.put(k, new PendingSite(s.site(), s.targets(), null, s.ctx(), ifNoStop.apply(s), null));
        }
      }
      if (!byKind.isEmpty()) {
        out.add(new CallSite(m.getNameAsString(), Syntax.args(m), receiver, FactCollector.contextOf(m, top),
            methodKey(m), byKind));
      }
    }
    return out;
  }

  /** {@code fqn#name/arity} of the method or constructor around {@code n}, or "" at field level. */
  private String methodKey(Node n) {
    for (Node x = n.getParentNode().orElse(null); x != null; x = x.getParentNode().orElse(null)) {
      if (x instanceof MethodDeclaration md) {
        String owner = md.findAncestor(com.github.javaparser.ast.body.TypeDeclaration.class)
            .map(t -> FactCollector.fqn((com.github.javaparser.ast.body.TypeDeclaration<?>) t, top.pkg())).orElse("");
        return owner + "#" + md.getNameAsString() + "/" + md.getParameters().size();
      }
    }
    return "";
  }

  /** {@code new SwingWorker<>() {...}.execute()}, or a SwingWorker kept in a variable that is executed. */
  private boolean swingWorker(ObjectCreationExpr oc) {
    String t = oc.getType().getNameAsString();
    if (!t.equals("SwingWorker") && !(threadClasses.contains("SwingWorker:" + t))) {
      return false;
    }
    if (oc.getParentNode().orElse(null) instanceof MethodCallExpr m && m.getScope().orElse(null) == oc) {
      return m.getNameAsString().equals("execute");
    }
    String var = oc.getParentNode().orElse(null) instanceof VariableDeclarator v ? v.getNameAsString()
        : oc.getParentNode().orElse(null) instanceof AssignExpr a ? Syntax.handleName(a.getTarget()) : null;
    return var != null && idx.all(MethodCallExpr.class).stream()
        .anyMatch(m -> m.getNameAsString().equals("execute") && var.equals(Syntax.scopeName(m)));
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
    if (!leashRoot(m)) {
      return false;
    }
    boolean builder = false;
    for (Expression e = m.getScope().orElse(null); e instanceof MethodCallExpr c; e = c.getScope().orElse(null)) {
      builder |= c.getNameAsString().equals("builder");
    }
    String n = m.getNameAsString();
    // in a builder chain, workers(3) or of(...) configure; only open/build/start or a ctx-taking loop factory spawn
    return !builder || n.equals("open") || n.equals("build") || n.equals("start") || n.equals("run")
        || Syntax.args(m) >= 2 && (n.equals("fixedRate") || n.equals("fixedDelay") || n.equals("workers"));
  }

  private static boolean leashRoot(MethodCallExpr m) {
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
    return var != null && idx.all(MethodCallExpr.class).stream()
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

  private Site analyse(Expression site, SpawnKind kind, int line, List<Node> tasks, boolean idleWorkers,
      String threadType) {
    Expression cur = site;
    boolean stop = false;
    boolean wait = false;
    boolean joinedInline = false;
    Bind bind = null;
    String name = null;
    Target passedTo = null;
    List<Target> targets = new ArrayList<>();
    NameContext ctx = FactCollector.contextOf(site, top);
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
        int arg = pm.getArguments().indexOf(cur);
        if (COLLECTION_ADDS.contains(n) && pm.getScope().isPresent() && Syntax.scopeName(pm) != null) {
          bind = Bind.COLLECTION;
          name = Syntax.scopeName(pm);
        } else if (TASK_USES.contains(n) || n.equals("addShutdownHook")) {
          if (threadType != null && cur == site && TASK_USES.contains(n)) {
            return null; // a Thread subclass handed to an executor runs as a plain Runnable: not a started thread
          }
          bind = Bind.NONE;
        } else if (pm.getScope().isEmpty() || pm.getScope().get() instanceof NameExpr s
            && Character.isUpperCase(s.getNameAsString().charAt(0))) {
          // a static or own helper: either a wrapper whose result is the handle, or a hand-off (result unused)
          passedTo = new Target.Call(pm.getScope().map(Object::toString).orElse(null), ctx, n, Syntax.args(pm), arg);
          cur = pm;
        } else {
          bind = Bind.HANDED;
          targets.add(callTarget(pm, arg, ctx));
        }
      } else if (p instanceof ObjectCreationExpr oc && oc != site) {
        passedTo = new Target.Ctor(FactCollector.raw(oc.getType()), ctx, oc.getArguments().size(),
            oc.getArguments().indexOf(cur), false);
        if (oc.getParentNode().orElse(null) instanceof ExpressionStmt) {
          bind = Bind.HANDED;
        } else {
          passedTo = new Target.Ctor(FactCollector.raw(oc.getType()), ctx, oc.getArguments().size(),
              oc.getArguments().indexOf(cur), true);
          targets.add(passedTo); // the link phase prefers the project class's own story to the wrapper's
          cur = oc;
        }
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
        } else if (a.getTarget() instanceof com.github.javaparser.ast.expr.ArrayAccessExpr arr
            && Syntax.handleName(arr.getName()) != null) {
          bind = Bind.COLLECTION; // threads[i] = new Thread(...): an array is a collection
          name = Syntax.handleName(arr.getName());
        } else if (name == null) {
          bind = Bind.HANDED;
          targets.add(new Target.Outside("stored in " + shortText(a.getTarget())));
        } else {
          bind = isLocal(a, name) ? Bind.LOCAL : Bind.FIELD;
        }
      } else if (p instanceof ReturnStmt || p instanceof LambdaExpr
          || p instanceof ExpressionStmt && p.getParentNode().orElse(null) instanceof LambdaExpr l
              && l.getBody() == p && l.getBody() instanceof ExpressionStmt) {
        bind = Bind.RETURNED;
        targets.add(returnedFrom(p));
      } else if (p instanceof com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt e) {
        bind = Bind.HANDED;
        targets.add(new Target.Super(ctx, e.isThis(), e.getArguments().size(), e.getArguments().indexOf(cur)));
      } else if (p instanceof ExpressionStmt) {
        bind = passedTo != null ? Bind.HANDED : Bind.NONE;
      } else {
        bind = Bind.HANDED;
        targets.add(new Target.Outside("used in " + p.getClass().getSimpleName().replace("Expr", "")
            .replace("Stmt", "").toLowerCase(java.util.Locale.ROOT) + " " + shortText(p)));
      }
    }
    if (bind == Bind.NONE && passedTo != null && !joinedInline) {
      bind = Bind.HANDED;
    }
    if (bind == Bind.HANDED && passedTo != null && !targets.contains(passedTo)) {
      targets.add(passedTo);
    }
    boolean owner = joinedInline;
    switch (bind) {
      case RESOURCE -> owner = stop = wait = true;
      case RETURNED, HANDED -> owner = true;
      case FIELD, LOCAL, COLLECTION -> {
        Node scope = bind == Bind.LOCAL ? enclosingBody(site) : cu;
        Uses u = uses(scope, name, kind, tasks, ctx);
        stop |= u.stop;
        wait |= u.waits;
        owner = bind != Bind.LOCAL || stop || wait || u.escaped;
        for (Target t : u.targets) {
          if (!(t instanceof Target.Returned) || bind == Bind.LOCAL) {
            targets.add(t); // a getter returning a field does not make its caller the owner
          }
        }
        if (bind == Bind.FIELD) {
          String field = name;
          enclosingType(site).ifPresent(t -> targets.add(new Target.Field(t, field)));
        }
      }
      case NONE -> { }
    }
    if ((kind == SpawnKind.THREAD || kind == SpawnKind.VIRTUAL_THREAD) && !stop) {
      stop = stopFlagInFile || finishesByItself(tasks);
    }
    if (kind == SpawnKind.LEASH && !stop) {
      stop = contextCancelled(site);
    }
    if (kind == SpawnKind.ASYNC && !stop && wait) {
      stop = finishesByItself(tasks);
    }
    SpawnSite s = new SpawnSite(file, line, kind, owner, stop, wait, "");
    return new Site(s, tasks, idleWorkers, site, List.copyOf(targets), threadType, ctx,
        kind == SpawnKind.THREAD && tasks.isEmpty() ? taskType(site, threadType) : null);
  }

  /** The class whose run() a thread runs when the task is not inline: see {@link Site#taskType()}. */
  private String taskType(Expression site, String threadType) {
    if (threadType != null) {
      return threadType;
    }
    if (!(site instanceof ObjectCreationExpr oc) || oc.getArguments().isEmpty()) {
      return null;
    }
    Expression a = Syntax.unwrap(oc.getArgument(0));
    if (a instanceof com.github.javaparser.ast.expr.ThisExpr) {
      return enclosingType(site).map(t -> "this:" + t).orElse(null);
    }
    if (a instanceof ObjectCreationExpr task && task.getAnonymousClassBody().isEmpty()) {
      return FactCollector.raw(task.getType());
    }
    if (a instanceof NameExpr) {
      DeclaredTypes.Declaration d = DeclaredTypes.of(a);
      if (d != null && d.initializer() instanceof ObjectCreationExpr init && init.getAnonymousClassBody().isEmpty()) {
        return FactCollector.raw(init.getType());
      }
      return d == null || d.type().isEmpty() || d.type().equals("Runnable") ? null : d.type();
    }
    return null;
  }

  /** {@code x.m(handle)}: the receiver's declared type when the file shows it. */
  private static Target callTarget(MethodCallExpr pm, int arg, NameContext ctx) {
    Expression scope = pm.getScope().orElse(null);
    String type = null;
    if (scope instanceof NameExpr s && Character.isUpperCase(s.getNameAsString().charAt(0))) {
      type = s.getNameAsString();
    } else if (scope != null && !(scope instanceof com.github.javaparser.ast.expr.ThisExpr)) {
      DeclaredTypes.Declaration d = DeclaredTypes.of(scope);
      if (d == null || d.type().isEmpty()) {
        return new Target.Outside("handed to " + shortText(scope) + "." + pm.getNameAsString() + "()");
      }
      type = d.type();
    }
    return new Target.Call(type, ctx, pm.getNameAsString(), Syntax.args(pm), arg);
  }

  private Target returnedFrom(Node at) {
    for (Node x = at; x != null; x = x.getParentNode().orElse(null)) {
      if (x instanceof LambdaExpr) {
        return new Target.Outside("returned from a lambda");
      }
      if (x instanceof MethodDeclaration md) {
        String owner = enclosingType(md).orElse("");
        return new Target.Returned(owner, md.getNameAsString(), md.getParameters().size());
      }
      if (x instanceof CallableDeclaration<?>) {
        break;
      }
    }
    return new Target.Outside("returned");
  }

  private java.util.Optional<String> enclosingType(Node n) {
    for (Node x = n.getParentNode().orElse(null); x != null; x = x.getParentNode().orElse(null)) {
      if (x instanceof com.github.javaparser.ast.body.TypeDeclaration<?> t) {
        return FactCollector.local(t) ? java.util.Optional.empty()
            : java.util.Optional.of(FactCollector.fqn(t, top.pkg()));
      }
      if (x instanceof ObjectCreationExpr) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.empty();
  }

  static String shortText(Node n) {
    String t = n.toString().replaceAll("\\s+", " ");
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
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

  private record Uses(boolean stop, boolean waits, boolean escaped, List<Target> targets) {}

  private Uses uses(Node scope, String name, SpawnKind kind, List<Node> tasks, NameContext ctx) {
    if (scope == null || name == null) {
      return new Uses(false, false, false, List.of());
    }
    Set<String> names = new HashSet<>();
    names.add(name);
    List<MethodCallExpr> calls = find(scope, MethodCallExpr.class);
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
      for (ForEachStmt f : find(scope, ForEachStmt.class)) {
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
      for (AssignExpr a : find(scope, AssignExpr.class)) {
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
      // the handle went into a field: its stop and wait may be anywhere in the file, or in a subclass
      Uses u = usesIn(cu, names, kind, true, tasks, ctx);
      List<Target> targets = new ArrayList<>(u.targets);
      String owner = enclosingType(scope).orElse(null);
      names.stream().sorted().filter(x -> !isLocal(scope, x) && owner != null)
          .forEach(x -> targets.add(new Target.Field(owner, x)));
      return new Uses(u.stop, u.waits, true, targets);
    }
    return usesIn(scope, names, kind, escaped, tasks, ctx);
  }

  private Uses usesIn(Node scope, Set<String> names, SpawnKind kind, boolean escapedIn,
      List<Node> tasks, NameContext ctx) {
    boolean stop = false;
    boolean wait = false;
    boolean escaped = escapedIn;
    List<Target> targets = new ArrayList<>();
    Set<String> submittedFutures = new HashSet<>();
    for (MethodCallExpr m : find(scope, MethodCallExpr.class)) {
      String n = m.getNameAsString();
      String s = Syntax.scopeName(m);
      if (s == null && m.getScope().orElse(null) instanceof FieldAccessExpr fa) {
        s = fa.getNameAsString(); // other.executor.shutdownNow(): a field of this file reached through an object
      }
      if (s == null && m.getScope().orElse(null) instanceof com.github.javaparser.ast.expr.ArrayAccessExpr arr) {
        s = Syntax.handleName(arr.getName()); // threads[i].join()
      }
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
        if (m.getScope().orElse(null) instanceof MethodCallExpr inner && names.contains(Syntax.scopeName(inner))) {
          wait |= waitCall(kind, inner.getNameAsString() + "." + n);
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
              && !n.equals("addShutdownHook") && !LOOKS_ONLY.contains(n) && !n.startsWith("assert")) {
            escaped = true;
            targets.add(callTarget(m, m.getArguments().indexOf(a), ctx));
          }
        }
      }
    }
    if (!submittedFutures.isEmpty()) {
      for (MethodCallExpr m : find(scope, MethodCallExpr.class)) {
        if (m.getNameAsString().equals("get") && submittedFutures.contains(Syntax.scopeName(m))) {
          wait = true;
        }
      }
    }
    for (MethodReferenceExpr r : find(scope, MethodReferenceExpr.class)) {
      if (names.contains(refScope(r))) {
        stop |= stopCall(kind, r.getIdentifier());
        wait |= waitCall(kind, r.getIdentifier());
      }
    }
    for (ReturnStmt r : find(scope, ReturnStmt.class)) {
      if (r.getExpression().map(e -> names.contains(Syntax.handleName(e))).orElse(false)) {
        escaped = true;
        targets.add(returnedFrom(r));
      }
    }
    for (ObjectCreationExpr oc : find(scope, ObjectCreationExpr.class)) {
      if (oc.getType().getNameAsString().equals("Thread")) {
        continue;
      }
      for (int i = 0; i < oc.getArguments().size(); i++) {
        if (names.contains(Syntax.handleName(oc.getArgument(i)))) {
          escaped = true;
          targets.add(new Target.Ctor(FactCollector.raw(oc.getType()), ctx, oc.getArguments().size(), i, false));
        }
      }
    }
    for (com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt e
        : find(scope, com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt.class)) {
      for (int i = 0; i < e.getArguments().size(); i++) {
        if (names.contains(Syntax.handleName(e.getArgument(i)))) {
          escaped = true;
          targets.add(new Target.Super(ctx, e.isThis(), e.getArguments().size(), i));
        }
      }
    }
    return new Uses(stop, wait, escaped, targets);
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
      if (Syntax.nameContains(n, "close", "cancel", "shutdown", "interrupt", "stop") || n.equals("offer")
          || n.equals("put") || n.equals("notifyAll") || n.equals("signalAll")
          || n.equals("countDown") || n.equals("set") && m.getArguments().stream()
              .anyMatch(a -> a instanceof BooleanLiteralExpr)) {
        return true;
      }
    }
    return method.findAll(AssignExpr.class).stream().anyMatch(a -> a.getValue() instanceof BooleanLiteralExpr
        || stopState(a.getValue()));
  }

  /** {@code State.STOPPED}, {@code CLOSING}: an enum-like constant naming a stopped state. */
  private static boolean stopState(Expression value) {
    String n = value instanceof FieldAccessExpr f ? f.getNameAsString()
        : value instanceof NameExpr x ? x.getNameAsString() : null;
    return n != null && n.equals(n.toUpperCase(java.util.Locale.ROOT))
        && Syntax.nameContains(n, "stop", "clos", "shut", "terminat", "cancel");
  }

  private <T extends Node> List<T> find(Node scope, Class<T> type) {
    return scope == cu ? idx.all(type) : scope.findAll(type);
  }

  private static boolean rootedAt(MethodCallExpr m, Set<String> names) {
    Expression e = m;
    while (e instanceof MethodCallExpr c && c.getScope().isPresent()) {
      e = c.getScope().get();
    }
    return names.contains(Syntax.handleName(e));
  }

  static boolean stopCall(SpawnKind kind, String n) {
    return switch (kind) {
      case THREAD, VIRTUAL_THREAD -> n.equals("interrupt") || n.equals("stop") || n.equals("halt")
          || n.equals("shutdown") || n.equals("close") || n.equals("cancel");
      case EXECUTOR, SCHEDULER, FORK_JOIN -> n.equals("shutdown") || n.equals("shutdownNow") || n.equals("close")
          || n.equals("shutdownGracefully") || n.equals("stop");
      case TIMER -> n.equals("cancel");
      case ASYNC -> n.equals("cancel") || n.equals("complete") || n.equals("completeExceptionally")
          || n.equals("orTimeout") || n.equals("completeOnTimeout") || n.equals("obtrudeValue");
      case LEASH -> n.equals("close") || n.equals("cancel") || n.equals("closeNow") || n.equals("stop")
          || n.equals("shutdown");
    };
  }

  static boolean waitCall(SpawnKind kind, String n) {
    return switch (kind) {
      case THREAD, VIRTUAL_THREAD -> n.equals("join");
      case EXECUTOR, SCHEDULER, FORK_JOIN -> n.equals("awaitTermination") || n.equals("close")
          || n.equals("invokeAll") || n.equals("invoke") || n.equals("awaitQuiescence")
          || n.equals("stop") || n.equals("join") // Jetty's LifeCycle.stop() waits for its threads
          || n.startsWith("shutdownGracefully.") && CHAINED_WAITS.contains(n.substring(n.indexOf('.') + 1))
          || n.startsWith("terminationFuture.") && CHAINED_WAITS.contains(n.substring(n.indexOf('.') + 1));
      case TIMER -> false; // Timer.cancel() does not wait for a running task
      case ASYNC -> n.equals("get") || n.equals("join");
      case LEASH -> n.equals("close") || n.equals("await") || n.equals("join") || n.equals("closeNow")
          || n.equals("awaitTermination");
    };
  }

  /** {@code g} in {@code g::close}; JavaParser reads a bare name before {@code ::} as a type. */
  private static String refScope(MethodReferenceExpr r) {
    Expression s = r.getScope();
    if (s instanceof com.github.javaparser.ast.expr.TypeExpr t
        && t.getType() instanceof com.github.javaparser.ast.type.ClassOrInterfaceType c && c.getScope().isEmpty()) {
      return c.getNameAsString();
    }
    return Syntax.handleName(s);
  }

  /** A Leash owner opened on a context that the file cancels or closes: cancelling the context stops it. */
  private boolean contextCancelled(Expression site) {
    Set<String> ctxNames = new HashSet<>();
    for (Expression e = site; e instanceof MethodCallExpr c; e = c.getScope().orElse(null)) {
      c.getArguments().forEach(a -> {
        String n = Syntax.handleName(a);
        if (n != null) {
          ctxNames.add(n);
        }
      });
    }
    if (ctxNames.isEmpty()) {
      return false;
    }
    for (MethodCallExpr m : idx.all(MethodCallExpr.class)) {
      String n = m.getNameAsString();
      if ((n.equals("cancel") || n.equals("close")) && ctxNames.contains(Syntax.scopeName(m))) {
        return true;
      }
    }
    return false;
  }

  /** An inline task with no loop and no untimed wait: it ends on its own. */
  static boolean finishesByItself(List<Node> tasks) {
    if (tasks.isEmpty()) {
      return false;
    }
    for (Node t : tasks) {
      if (!t.findAll(WhileStmt.class, w -> !bounded(w.getCondition(), w.getBody())).isEmpty()
          || !t.findAll(DoStmt.class, d -> !bounded(d.getCondition(), d.getBody())).isEmpty()
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

  /**
   * A loop that ends by itself: its condition compares against a deadline ({@code System.nanoTime() < end}) or
   * compares a local counter that the body steps ({@code while (i < n) { ...; i++; }}).
   */
  private static boolean bounded(Expression cond, Node body) {
    String text = cond.toString();
    if (!text.contains("<") && !text.contains(">")) {
      return false;
    }
    if (text.contains("nanoTime()") || text.contains("currentTimeMillis()")) {
      return true;
    }
    Set<String> stepped = new HashSet<>();
    body.findAll(com.github.javaparser.ast.expr.UnaryExpr.class, u -> !u.getOperator().isPrefix()
        || u.getOperator() == com.github.javaparser.ast.expr.UnaryExpr.Operator.PREFIX_INCREMENT
        || u.getOperator() == com.github.javaparser.ast.expr.UnaryExpr.Operator.PREFIX_DECREMENT)
        .forEach(u -> stepped.add(Syntax.handleName(u.getExpression())));
    body.findAll(AssignExpr.class, a -> a.getOperator() != AssignExpr.Operator.ASSIGN)
        .forEach(a -> stepped.add(Syntax.handleName(a.getTarget())));
    return cond.findAll(NameExpr.class).stream().anyMatch(n -> stepped.contains(n.getNameAsString()));
  }

  /** A volatile boolean or AtomicBoolean field that is assigned or set somewhere: a stop flag. */
  private static boolean hasStopFlag(Index idx) {
    Set<String> flags = new HashSet<>();
    for (FieldDeclaration f : idx.all(FieldDeclaration.class)) {
      String type = f.getElementType().asString();
      boolean stopName = f.getVariables().stream().anyMatch(v -> Syntax.nameContains(v.getNameAsString(), "running",
          "stop", "closed", "closing", "shutdown", "alive", "active", "done", "exit", "cancel", "quit"));
      if (f.isVolatile() && type.equals("boolean") || type.equals("AtomicBoolean")
          || stopName && (type.equals("boolean") || type.equals("Boolean"))) {
        f.getVariables().forEach(v -> flags.add(v.getNameAsString()));
      }
    }
    if (flags.isEmpty()) {
      return false;
    }
    for (AssignExpr a : idx.all(AssignExpr.class)) {
      if (flags.contains(Syntax.handleName(a.getTarget())) && a.getValue() instanceof BooleanLiteralExpr) {
        return true;
      }
    }
    for (MethodCallExpr m : idx.all(MethodCallExpr.class)) {
      if ((m.getNameAsString().equals("set") || m.getNameAsString().equals("compareAndSet")
          || m.getNameAsString().equals("getAndSet")) && flags.contains(Syntax.scopeName(m))) {
        return true;
      }
    }
    return false;
  }
}
