package dev.leash.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The whole-program step: indexes every type of the tree by fully qualified name, then follows each spawn site's
 * handle where the file alone could not (into the class it was handed to, to each call site of the method that
 * returned it, through subclasses and superclasses), and writes the final answers, trail and advice. Single-threaded
 * and driven by file order only, so the same tree always gives the same report. Work is linear in the number of
 * sites times a bounded depth.
 */
final class Linker {
  private static final int MAX_DEPTH = 4;

  /** Stop or wait as far as the trail shows. */
  enum Tri { YES, NO, UNKNOWN }

  private record Answer(Tri stop, Tri waits, String trail) {
    static final Answer NEUTRAL = new Answer(Tri.NO, Tri.NO, "");
  }

  private final Map<String, TypeFacts> types = new LinkedHashMap<>();
  private final Map<String, List<String>> bySimpleName = new HashMap<>();
  private final Map<String, List<String>> subclasses = new HashMap<>();
  private final Map<String, List<Caller>> callers = new HashMap<>();
  private final Map<String, String> supers = new HashMap<>();

  private record Caller(String file, int line, CallSite call, int seq) {}

  Linker(List<FileResult> files) {
    for (FileResult f : files) {
      for (TypeFacts t : f.types()) {
        if (types.putIfAbsent(t.fqn(), t) == null) {
          bySimpleName.computeIfAbsent(t.simpleName(), k -> new ArrayList<>()).add(t.fqn());
        }
      }
    }
    for (TypeFacts t : types.values()) {
      String sup = t.superclass() == null ? null : resolve(t.superclass(), t.ctx(), false);
      if (sup != null && !sup.equals(t.fqn())) {
        supers.put(t.fqn(), sup);
      }
    }
    for (TypeFacts t : types.values()) {
      String sup = superOf(t);
      if (sup != null) {
        subclasses.computeIfAbsent(sup, k -> new ArrayList<>()).add(t.fqn());
      }
    }
    int seq = 0;
    for (FileResult f : files) {
      for (CallSite c : f.calls()) {
        int line = c.byKind().values().iterator().next().local().line();
        Caller caller = new Caller(f.file(), line, c, seq++);
        String method = "#" + c.name() + "/" + c.arity();
        Set<String> keys = new java.util.LinkedHashSet<>();
        if (c.receiverType() == null) {
          c.ctx().enclosing().forEach(e -> chain(e).forEach(x -> keys.add(x + method)));
        } else {
          String fqn = resolve(c.receiverType(), c.ctx());
          if (fqn != null) {
            chain(fqn).forEach(x -> keys.add(x + method));
          } else {
            String r = c.receiverType();
            keys.add("?" + r.substring(r.lastIndexOf('.') + 1) + method);
          }
        }
        keys.forEach(k -> callers.computeIfAbsent(k, x -> new ArrayList<>()).add(caller));
      }
    }
  }

  // ---- names ---------------------------------------------------------------------------------------------------

  /** The project type {@code raw} names at {@code ctx}, or null when it is not in the tree. */
  String resolve(String raw, NameContext ctx) {
    return resolve(raw, ctx, true);
  }

  /** {@code inherited}: also look among member types inherited from superclasses (not while building them). */
  private String resolve(String raw, NameContext ctx, boolean inherited) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    int dot = raw.indexOf('.');
    if (dot > 0) {
      if (types.containsKey(raw)) {
        return raw;
      }
      String head = resolve(raw.substring(0, dot), ctx, inherited);
      return head == null ? null : existing(head + raw.substring(dot));
    }
    for (String e : ctx.enclosing()) {
      if (e.endsWith("." + raw) || e.equals(raw)) {
        return e;
      }
      Set<String> seen = new HashSet<>();
      for (String x = e; x != null && seen.add(x); x = inherited ? supers.get(x) : null) {
        if (types.containsKey(x + "." + raw)) {
          return x + "." + raw;
        }
      }
    }
    String imported = ctx.imports().get(raw);
    if (imported != null) {
      return existing(imported);
    }
    String same = ctx.pkg().isEmpty() ? raw : ctx.pkg() + "." + raw;
    if (types.containsKey(same)) {
      return same;
    }
    for (String w : ctx.wildcards()) {
      if (types.containsKey(w + "." + raw)) {
        return w + "." + raw;
      }
    }
    return null;
  }

  private String existing(String fqn) {
    return types.containsKey(fqn) ? fqn : null;
  }

  private String superOf(TypeFacts t) {
    return t == null ? null : supers.get(t.fqn());
  }

  /** True when {@code fqn}'s superclass chain leaves the tree at a class whose simple name is {@code root}. */
  boolean extendsExternal(String fqn, String root) {
    Set<String> seen = new HashSet<>();
    for (String x = fqn; x != null && seen.add(x); ) {
      TypeFacts t = types.get(x);
      if (t == null || t.superclass() == null) {
        return false;
      }
      String sup = supers.get(x);
      if (sup == null) {
        String s = t.superclass();
        return s.equals(root) || s.equals("java.lang." + root) || s.endsWith("." + root) && root.equals("SwingWorker");
      }
      x = sup;
    }
    return false;
  }

  /** Keeps {@code new X()} as a thread only when X is a Thread subclass of the tree. */
  private boolean threadSubclass(String raw, NameContext ctx) {
    String fqn = resolve(raw, ctx);
    if (fqn != null) {
      return extendsExternal(fqn, "Thread");
    }
    String simple = raw.substring(raw.lastIndexOf('.') + 1);
    if (ctx.imports().containsKey(simple)) {
      return false; // imported from outside the tree: not the project's class of that name
    }
    List<String> same = bySimpleName.getOrDefault(simple, List.of());
    return !same.isEmpty() && same.stream().allMatch(f -> extendsExternal(f, "Thread"));
  }

  // ---- linking -------------------------------------------------------------------------------------------------

  /** The final sites and the site findings of every file, unsorted. */
  void link(List<FileResult> files, List<SpawnSite> sites, List<Finding> findings) {
    for (FileResult f : files) {
      for (PendingSite p : f.sites()) {
        if (p.threadType() != null && !threadSubclass(p.threadType(), p.ctx())) {
          continue;
        }
        List<SpawnSite> linked = new ArrayList<>();
        List<Finding> found = new ArrayList<>();
        try {
          emit(p, p.local().kind(), p.local().file(), p.local().line(), "", 0, new HashSet<>(), linked, found);
        } catch (RuntimeException | StackOverflowError e) {
          // never lose a site to a linking failure: fall back to what its own file says
          SpawnSite l = p.local();
          linked = List.of(new SpawnSite(l.file(), l.line(), l.kind(), l.owner(), l.stop(), l.waits(),
              advice(l.kind(), l.owner(), l.stop(), l.waits(), false, ""), ""));
          found = l.stop() ? List.of() : p.ifNoStop();
        }
        sites.addAll(linked);
        findings.addAll(found);
      }
    }
  }

  private void emit(PendingSite p, SpawnKind kind, String file, int line, String prefix, int depth,
      Set<String> path, List<SpawnSite> sites, List<Finding> findings) {
    SpawnSite local = p.local();
    Target.Returned ret = null;
    for (Target t : p.targets()) {
      if (t instanceof Target.Returned r && ret == null) {
        ret = r;
      }
    }
    boolean healthyHere = local.owner() && local.stop() && local.waits();
    if (ret != null && !healthyHere) {
      String key = ret.owner() + "#" + ret.method() + "/" + ret.arity();
      String where = simple(ret.owner()) + "." + ret.method() + "()";
      List<Caller> found = depth < MAX_DEPTH && !path.contains(key) ? callersOf(ret) : List.of();
      if (!found.isEmpty()) {
        path.add(key);
        for (Caller c : found) {
          PendingSite at = c.call().byKind().getOrDefault(kind, c.call().byKind().values().iterator().next());
          List<Finding> extra = new ArrayList<>();
          for (Finding x : at.ifNoStop()) {
            extra.add(x);
          }
          PendingSite withFindings = new PendingSite(at.local(), at.targets(), null, at.ctx(), extra, null);
          emit(withFindings, kind, c.file(), c.line(), prefix + "returned by " + where + " -> ", depth + 1, path,
              sites, findings);
        }
        path.remove(key);
        return;
      }
    }
    Tri stop = local.stop() ? Tri.YES : Tri.NO;
    Tri wait = local.waits() ? Tri.YES : Tri.NO;
    boolean wrapperResolved = p.targets().stream().anyMatch(t -> t instanceof Target.Ctor c && c.wrapped()
        && resolve(c.type(), c.ctx()) != null);
    if (wrapperResolved) {
      stop = Tri.NO; // the file's answers were about the wrapper; the project class's own story decides
      wait = Tri.NO;
    }
    List<String> trails = new ArrayList<>();
    for (Target t : p.targets()) {
      Answer a = follow(t, kind, 0);
      if (t instanceof Target.Returned r) {
        a = new Answer(Tri.UNKNOWN, Tri.UNKNOWN, "returned by " + simple(r.owner()) + "." + r.method()
            + "(), which nothing in the source tree calls");
      }
      boolean adds = !(t instanceof Target.Field) || a.stop() == Tri.YES && stop != Tri.YES
          || a.waits() == Tri.YES && wait != Tri.YES || stop != Tri.YES && wait != Tri.YES;
      stop = or(stop, a.stop());
      wait = or(wait, a.waits());
      if (adds && !a.trail().isEmpty() && !trails.contains(a.trail())) {
        trails.add(a.trail());
      }
    }
    String trail = prefix + String.join("; ", trails.subList(0, Math.min(3, trails.size())));
    if (trail.endsWith(" -> ")) {
      trail = trail.substring(0, trail.length() - 4);
    }
    if (stop == Tri.NO && kind == SpawnKind.THREAD && p.taskType() != null) {
      String task = p.taskType().startsWith("this:") ? p.taskType().substring(5) : resolve(p.taskType(), p.ctx());
      Boolean ends = runEnds(task);
      if (Boolean.TRUE.equals(ends)) {
        stop = Tri.YES;
        trails.add(simple(task) + ".run() ends by itself");
        trail = prefix + String.join("; ", trails.subList(0, Math.min(3, trails.size())));
      }
    }
    boolean owner = local.owner() || !prefix.isEmpty();
    boolean s = stop == Tri.YES;
    boolean w = wait == Tri.YES;
    boolean unknown = stop == Tri.UNKNOWN || wait == Tri.UNKNOWN;
    sites.add(new SpawnSite(file, line, kind, owner, s, w, advice(kind, owner, s, w, unknown, trail), trail));
    if (stop == Tri.NO) {
      findings.addAll(p.ifNoStop());
    }
  }

  /** Whether the run() that {@code fqn} has (its own or inherited from the tree) ends by itself; null if unknown. */
  private Boolean runEnds(String fqn) {
    Set<String> seen = new HashSet<>();
    for (String x = fqn; x != null && seen.add(x); x = supers.get(x)) {
      TypeFacts t = types.get(x);
      if (t == null) {
        return null;
      }
      if (t.runEnds() != null) {
        return t.runEnds();
      }
    }
    return null;
  }

  private static Tri or(Tri a, Tri b) {
    if (a == Tri.YES || b == Tri.YES) {
      return Tri.YES;
    }
    return a == Tri.UNKNOWN || b == Tri.UNKNOWN ? Tri.UNKNOWN : Tri.NO;
  }

  /** The call sites of the factory {@code r}: indexed by declaring type, so the lookup costs only its matches. */
  private List<Caller> callersOf(Target.Returned r) {
    String self = r.owner() + "#" + r.method() + "/" + r.arity();
    String method = "#" + r.method() + "/" + r.arity();
    List<Caller> out = new ArrayList<>(callers.getOrDefault(r.owner() + method, List.of()));
    out.addAll(callers.getOrDefault("?" + simple(r.owner()) + method, List.of()));
    out.removeIf(c -> c.call().inMethod().equals(self));
    out.sort(java.util.Comparator.comparingInt(Caller::seq));
    return out;
  }

  /** {@code fqn} and its superclasses in the tree. */
  private List<String> chain(String fqn) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String x = fqn; x != null && seen.add(x) && out.size() < 32; x = supers.get(x)) {
      out.add(x);
    }
    return out;
  }

  private Answer follow(Target t, SpawnKind kind, int depth) {
    return switch (t) {
      case Target.Outside o -> new Answer(Tri.UNKNOWN, Tri.UNKNOWN, o.text() + ", outside what the audit can follow");
      case Target.Returned r -> Answer.NEUTRAL;
      case Target.Field f -> types.containsKey(f.owner()) ? field(f.owner(), f.field(), kind, "", true, depth)
          : Answer.NEUTRAL;
      case Target.Ctor c -> {
        String fqn = resolve(c.type(), c.ctx());
        String text = "handed to new " + simple(c.type()) + "(...)";
        if (fqn == null) {
          yield c.wrapped() ? Answer.NEUTRAL
              : new Answer(Tri.UNKNOWN, Tri.UNKNOWN, text + ", outside the source tree");
        }
        yield intoConstructor(fqn, c.arity(), c.arg(), kind, text, depth);
      }
      case Target.Super s -> {
        String self = s.ctx().enclosing().isEmpty() ? null : s.ctx().enclosing().get(0);
        String fqn = s.isThis() ? self : superOf(types.get(self));
        String text = "handed to " + (s.isThis() ? "this" : "super") + "(...)";
        if (fqn == null) {
          yield new Answer(Tri.UNKNOWN, Tri.UNKNOWN, text + " of a class outside the source tree");
        }
        yield intoConstructor(fqn, s.arity(), s.arg(), kind, text, depth);
      }
      case Target.Call c -> call(c, kind, depth);
    };
  }

  private Answer intoConstructor(String fqn, int arity, int arg, SpawnKind kind, String text, int depth) {
    TypeFacts t = types.get(fqn);
    String f = t.ctors().getOrDefault(arity, Map.of()).get(arg);
    if (f == null) {
      Answer used = parameter(t, "<init>", arity, arg, kind, text);
      return used != null ? used
          : new Answer(Tri.UNKNOWN, Tri.UNKNOWN, text + ": its constructor keeps it nowhere the audit can see");
    }
    if ((f.startsWith("super:") || f.startsWith("this:")) && depth < MAX_DEPTH) {
      boolean isThis = f.startsWith("this:");
      String[] ia = f.substring(f.indexOf(':') + 1).split("/");
      String next = isThis ? fqn : superOf(t);
      if (next == null) {
        return new Answer(Tri.UNKNOWN, Tri.UNKNOWN, text + " -> super(...) of a class outside the source tree");
      }
      return intoConstructor(next, Integer.parseInt(ia[1]), Integer.parseInt(ia[0]), kind,
          text + " -> " + (isThis ? "this" : "super") + "(...)", depth + 1);
    }
    return field(fqn, f, kind, text + " -> ", false, depth);
  }

  private Answer call(Target.Call c, SpawnKind kind, int depth) {
    String key = c.name() + "/" + c.arity();
    List<String> candidates = new ArrayList<>();
    if (c.receiverType() == null) {
      candidates.addAll(c.ctx().enclosing());
    } else {
      String fqn = resolve(c.receiverType(), c.ctx());
      if (fqn != null) {
        candidates.add(fqn);
      }
    }
    String text = "handed to " + (c.receiverType() == null ? "" : simple(c.receiverType()) + ".") + c.name()
        + "(...)";
    for (String start : candidates) {
      Set<String> seen = new HashSet<>();
      for (String x = start; x != null && seen.add(x); x = superOf(types.get(x))) {
        TypeFacts t = types.get(x);
        if (t == null) {
          break;
        }
        if (t.methods().contains(key)) {
          String f = t.setters().getOrDefault(key, Map.of()).get(c.arg());
          if (f == null || f.contains(":")) {
            Answer used = parameter(t, c.name(), c.arity(), c.arg(), kind, text);
            if (used != null) {
              return used;
            }
            return new Answer(Tri.UNKNOWN, Tri.UNKNOWN, text + ": " + simple(x) + "." + c.name()
                + "() keeps it nowhere the audit can see");
          }
          return field(x, f, kind, text + " -> ", false, depth);
        }
      }
    }
    return new Answer(Tri.UNKNOWN, Tri.UNKNOWN, text + ", outside the source tree");
  }

  /** What a method does with the parameter it was handed, when it stops or waits for it there; else null. */
  private Answer parameter(TypeFacts t, String method, int arity, int arg, SpawnKind kind, String text) {
    List<String> names = t.params().get(method + "/" + arity);
    if (names == null || arg < 0 || arg >= names.size()) {
      return null;
    }
    String p = names.get(arg);
    String stopBy = null;
    String waitBy = null;
    for (TypeFacts.Op op : t.ops().getOrDefault(p, List.of())) {
      if (!op.method().equals(method) || op.call().startsWith("arg:") || op.call().equals("escape")) {
        continue;
      }
      String call = p + "." + op.call().replace(".", "().") + "()";
      if (stopBy == null && SpawnAnalyzer.stopCall(kind, op.call())) {
        stopBy = call;
      }
      if (waitBy == null && SpawnAnalyzer.waitCall(kind, op.call())) {
        waitBy = call;
      }
    }
    if (stopBy == null && waitBy == null) {
      return null;
    }
    String where = simple(t.fqn()) + "." + method + "()";
    return new Answer(stopBy != null ? Tri.YES : Tri.NO, waitBy != null ? Tri.YES : Tri.NO, text + " -> " + where
        + (stopBy != null ? " calls " + stopBy : " stops nothing")
        + (waitBy == null ? ", nothing waits for it" : waitBy.equals(stopBy) ? "" : ", calls " + waitBy));
  }

  /** What the class holding the handle in {@code field} (and its subclasses and superclasses) does with it. */
  private Answer field(String fqn, String field, SpawnKind kind, String prefix, boolean quietIfNothing, int depth) {
    List<String> scope = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String x = fqn; x != null && seen.add(x); x = superOf(types.get(x))) {
      scope.add(x);
    }
    List<String> queue = new ArrayList<>(List.of(fqn));
    for (int i = 0; i < queue.size() && queue.size() < 256; i++) {
      for (String sub : subclasses.getOrDefault(queue.get(i), List.of())) {
        if (seen.add(sub)) {
          scope.add(sub);
          queue.add(sub);
        }
      }
    }
    String stopBy = null;
    String waitBy = null;
    for (String x : scope) {
      TypeFacts t = types.get(x);
      for (TypeFacts.Op op : t.ops().getOrDefault(field, List.of())) {
        String call = op.call();
        boolean st;
        boolean wt;
        if (call.equals("escape")) {
          continue; // returned by a getter or handed on: the class that keeps it in a field stays its owner
        } else if (call.startsWith("arg:")) {
          String n = call.substring(4);
          st = Syntax.nameContains(n, "shutdown", "close", "stop", "cancel", "interrupt", "terminate");
          wt = Syntax.nameContains(n, "await", "join", "close", "terminat");
          call = n + "(" + field + ")";
        } else {
          st = SpawnAnalyzer.stopCall(kind, call);
          wt = SpawnAnalyzer.waitCall(kind, call);
          call = field + "." + call.replace(".", "().") + "()";
        }
        String where = simple(x) + "." + (op.method().equals("<init>") ? "<init>" : op.method()) + "()";
        if (st && stopBy == null) {
          stopBy = where + " calls " + call;
        }
        if (wt && waitBy == null) {
          waitBy = where + " calls " + call;
        }
      }
    }
    String name = simple(fqn) + "." + field;
    Tri stop = stopBy != null ? Tri.YES : Tri.NO;
    Tri wait = waitBy != null ? Tri.YES : Tri.NO;
    if (quietIfNothing && stopBy == null && waitBy == null) {
      return Answer.NEUTRAL;
    }
    StringBuilder b = new StringBuilder(prefix).append("field ").append(name).append(" -> ");
    if (stopBy != null) {
      b.append(stopBy);
    } else {
      b.append("nothing in ").append(simple(fqn)).append(" stops it");
    }
    if (waitBy != null && !waitBy.equals(stopBy)) {
      b.append(", ").append(waitBy);
    } else if (waitBy == null) {
      b.append(", nothing waits for it");
    }
    return new Answer(stop, wait, b.toString());
  }

  private static String simple(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** One sentence: what is missing, the trail if it explains why, and the fix. */
  static String advice(SpawnKind kind, boolean owner, boolean stop, boolean wait, boolean unknown, String trail) {
    if (owner && stop && wait) {
      return "";
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
    String what = (unknown ? "unknown " : "no ") + String.join(unknown ? ", unknown " : ", no ", missing) + ": ";
    if (unknown) {
      return what + "the trail leaves what the audit can see (" + trail + "); make sure that code stops and waits"
          + " for it, or keep it here and close it from this owner's close()";
    }
    String fix = switch (kind) {
      case THREAD, VIRTUAL_THREAD -> !owner
          ? "keep the Thread (field or TaskGroup), interrupt() it on close and join() it"
          : !stop ? "interrupt() it (or set a stop flag) from its owner's close()" : "join() it after stopping it";
      case EXECUTOR, FORK_JOIN -> !owner
          ? "keep the executor in a field or try-with-resources and close() it"
          : "call shutdown() and awaitTermination() (or close()) from its owner's close()";
      case SCHEDULER -> "shut the scheduler down and await its termination from its owner's close(), or use a"
          + " Leash Loop";
      case TIMER -> stop ? "Timer.cancel() does not wait for a running task: use a ScheduledExecutorService"
          + " (shutdown + awaitTermination) or a Leash Loop"
          : "cancel() the Timer from its owner's close(), or better use a Leash Loop (a Timer cannot be waited for)";
      case ASYNC -> !owner
          ? "keep the CompletableFuture and get()/join() it, or run it in an executor you own"
          : "bound it (orTimeout) or cancel it, and join() it";
      case LEASH -> "close() it, ideally in try-with-resources";
    };
    return what + (trail.isEmpty() ? "" : trail + "; ") + fix;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
