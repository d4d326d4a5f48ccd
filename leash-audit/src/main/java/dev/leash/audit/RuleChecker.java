package dev.leash.audit;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies the rules to one parsed file. Each check favours silence over a doubtful finding. */
final class RuleChecker {
  private final CompilationUnit cu;
  private final String file;
  private final List<Site> sites;
  private final Suppressions suppressions;
  private final List<Finding> out = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  private final Index idx;

  RuleChecker(CompilationUnit cu, Index idx, String file, List<Site> sites, Suppressions suppressions) {
    this.cu = cu;
    this.idx = idx;
    this.file = file;
    this.sites = sites;
    this.suppressions = suppressions;
  }

  List<Finding> check() {
    swallowedInterrupts();
    loops();
    synchronizedBlocks();
    lockRegions();
    abandonedProducers();
    stuckIo();
    return out;
  }

  private void report(Rule rule, Node node, int line, String message) {
    if (seen.add(rule.id() + ":" + line) && !suppressions.suppressed(rule, node, line)) {
      out.add(new Finding(rule, file, line, message));
    }
  }

  // ---- site rules: idle-executor, unstopped-scheduler, orphaned-consumer -------------------------------------

  /** The findings a site gets if the link phase concludes that nothing stops it (suppressions applied). */
  List<Finding> ifNoStop(Site s) {
    List<Finding> found = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    SpawnSite site = s.site();
    switch (site.kind()) {
      case EXECUTOR, FORK_JOIN -> {
        if (s.idleWorkers()) {
          add(found, keys, Rule.IDLE_EXECUTOR, s.node(), site.line(),
              "executor created here is never shut down: its idle workers stay parked forever");
        }
      }
      case SCHEDULER, TIMER -> add(found, keys, Rule.UNSTOPPED_SCHEDULER, s.node(), site.line(),
          (site.kind() == SpawnKind.TIMER ? "Timer" : "scheduler")
              + " created here is never cancelled or shut down: it runs until the JVM exits");
      default -> { }
    }
    for (Node task : s.tasks()) {
      for (MethodCallExpr m : Syntax.direct(task, MethodCallExpr.class)) {
        String what = Blocking.untimedWait(m);
        if (what != null) {
          add(found, keys, Rule.ORPHANED_CONSUMER, m, Syntax.nameLine(m), what + " with no timeout in a task started"
              + " at line " + site.line() + " that nobody interrupts or cancels: it waits forever if no one signals");
        }
      }
    }
    return found;
  }

  private void add(List<Finding> found, Set<String> keys, Rule rule, Node node, int line, String message) {
    if (keys.add(rule.id() + ":" + line) && !suppressions.suppressed(rule, node, line)) {
      found.add(new Finding(rule, file, line, message));
    }
  }

  // ---- swallowed-interrupt -------------------------------------------------------------------------------------

  private static boolean catchesInterrupt(CatchClause c) {
    return c.getParameter().getType().asString().contains("InterruptedException");
  }

  /** True when the catch body restores the flag, leaves (return/throw/break) or acts on it (stop flag, cancel). */
  static boolean handlesInterrupt(CatchClause c) {
    BlockStmt body = c.getBody();
    for (MethodCallExpr m : Syntax.direct(body, MethodCallExpr.class)) {
      String n = m.getNameAsString().toLowerCase(java.util.Locale.ROOT);
      if (n.contains("interrupt") || n.equals("exit") || n.equals("halt") || n.contains("cancel")
          || n.contains("shutdown") || n.contains("close") || n.contains("stop") || n.contains("sneaky")
          || n.contains("propagate") || n.contains("rethrow") || n.contains("throw") || n.equals("fail")) {
        return true;
      }
    }
    if (!Syntax.direct(body, ThrowStmt.class).isEmpty() || !Syntax.direct(body, ReturnStmt.class).isEmpty()
        || !Syntax.direct(body, BreakStmt.class).isEmpty() || !Syntax.direct(body, YieldStmt.class).isEmpty()) {
      return true;
    }
    for (AssignExpr a : Syntax.direct(body, AssignExpr.class)) {
      if (a.getValue() instanceof BooleanLiteralExpr) {
        return true;
      }
    }
    return endsTask(c);
  }

  /** The try is the last statement of a run() method or a lambda body: the thread's task ends right after it. */
  private static boolean endsTask(CatchClause c) {
    if (!(c.getParentNode().orElse(null) instanceof TryStmt t) || t.getFinallyBlock().isPresent()
        || !(t.getParentNode().orElse(null) instanceof BlockStmt block)
        || block.getStatements().isEmpty() || block.getStatements().getLast().orElse(null) != t) {
      return false;
    }
    Node owner = block.getParentNode().orElse(null);
    return owner instanceof LambdaExpr
        || owner instanceof MethodDeclaration md && md.getNameAsString().equals("run") && md.getType().isVoidType();
  }

  private void swallowedInterrupts() {
    for (CatchClause c : idx.all(CatchClause.class)) {
      if (catchesInterrupt(c) && !handlesInterrupt(c)) {
        report(Rule.SWALLOWED_INTERRUPT, c, Syntax.line(c),
            "InterruptedException caught and dropped: restore the flag (Thread.currentThread().interrupt()) or exit");
      }
    }
  }

  // ---- busy-spin and never-stopping periodic loops -------------------------------------------------------------

  private void loops() {
    for (Statement loop : idx.all(Statement.class, s -> s instanceof WhileStmt || s instanceof DoStmt
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
          if (catchesInterrupt(c) && !handlesInterrupt(c)) {
            boolean sleeps = bodyCalls.stream().anyMatch(Blocking::sleep);
            if (sleeps) {
              report(Rule.UNSTOPPED_SCHEDULER, loop, Syntax.line(loop), "periodic loop (work, sleep, repeat)"
                  + " swallows InterruptedException and never exits: nothing can stop it");
            } else {
              report(Rule.BUSY_SPIN, loop, Syntax.line(loop),
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
        report(Rule.BUSY_SPIN, loop, Syntax.line(loop), "spin-wait: the loop re-checks '" + shortText(cond)
            + "' without ever blocking; wait on a lock, latch or queue instead");
        continue;
      }
      boolean pollsInBody = bodyCalls.stream().anyMatch(RuleChecker::nonBlockingPoll);
      boolean pollsInCond = condCalls.stream().anyMatch(RuleChecker::nonBlockingPoll);
      if (pollsInBody && !pollsInCond && !leaves && (forever || flagCondition(cond))) {
        report(Rule.BUSY_SPIN, loop, Syntax.line(loop), "poll loop never blocks: when there is nothing to do it"
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

  private static String shortText(Expression e) {
    String t = e.toString().replaceAll("\\s+", " ");
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }

  // ---- lock-held-blocking --------------------------------------------------------------------------------------

  private void synchronizedBlocks() {
    for (SynchronizedStmt s : idx.all(SynchronizedStmt.class)) {
      String monitor = s.getExpression().toString();
      int outer = enclosingMonitors(s);
      checkHeld(s.getBody(), "synchronized (" + shortText(s.getExpression()) + ")", monitor, outer == 0);
    }
    for (MethodDeclaration m : idx.all(MethodDeclaration.class)) {
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
        report(Rule.LOCK_HELD_BLOCKING, m, Syntax.nameLine(m), what + " while holding " + lock
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
    for (MethodCallExpr lock : idx.all(MethodCallExpr.class, m -> Syntax.args(m) == 0
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

  // ---- abandoned-producer ----------------------------------------------------------------------------------------

  private static final java.util.Set<String> HANDOFF_TYPES = java.util.Set.of("SynchronousQueue", "Exchanger",
      "LinkedTransferQueue", "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque");

  private void abandonedProducers() {
    if (idx.all(ObjectCreationExpr.class).stream()
        .noneMatch(o -> HANDOFF_TYPES.contains(o.getType().getNameAsString()))) {
      return;
    }
    for (CallableDeclaration<?> method : idx.all(CallableDeclaration.class)) {
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
          report(Rule.ABANDONED_PRODUCER, put, Syntax.nameLine(put), n + "() into " + queues.get(q) + " '" + q
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

  // ---- stuck-io --------------------------------------------------------------------------------------------------

  private void stuckIo() {
    Set<String> sockets = new HashSet<>();
    for (VariableDeclarator v : idx.all(VariableDeclarator.class)) {
      String t = v.getTypeAsString();
      Expression init = v.getInitializer().map(Syntax::unwrap).orElse(null);
      boolean socketInit = init instanceof ObjectCreationExpr oc && oc.getType().getNameAsString().endsWith("Socket")
          || init instanceof MethodCallExpr mc && (mc.getNameAsString().equals("openConnection")
              || mc.getNameAsString().equals("accept") || mc.getNameAsString().equals("createSocket"));
      if (t.equals("Socket") || t.equals("SSLSocket") || t.endsWith("URLConnection") || socketInit) {
        sockets.add(v.getNameAsString());
      }
    }
    for (Parameter p : idx.all(Parameter.class)) {
      String t = p.getTypeAsString();
      if (t.equals("Socket") || t.equals("SSLSocket") || t.endsWith("URLConnection")) {
        sockets.add(p.getNameAsString());
      }
    }
    if (sockets.isEmpty()) {
      return;
    }
    Set<String> safe = new HashSet<>();
    List<MethodCallExpr> calls = idx.all(MethodCallExpr.class);
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
      report(Rule.STUCK_IO, m, Syntax.nameLine(m), "'" + s + "' is read in a task with no read timeout"
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
