package dev.leash.prove;

import dev.leash.triage.HeapEvidence;
import dev.leash.triage.SnapshotThread;
import dev.leash.triage.ThreadSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import shark.GcRoot;
import shark.HeapField;
import shark.HeapObject;

/**
 * Proves which blocked threads of a heap dump nobody can ever wake or stop, the way Go's {@code goroutineleak}
 * profile does with the garbage collector's marking.
 *
 * <p>The walk marks from the roots that running code can use: every class's static fields, JNI globals, and the
 * stacks of threads that run or will wake by themselves (runnable, sleeping, timed waits, blocked on a monitor). A
 * thread that waits with no timeout has a <em>way out</em>: its {@code Thread} object (someone may interrupt it), the
 * object it parks on ({@code LockSupport.park(blocker)}: the queue's condition, the latch, the future) and, for
 * {@code Object.wait} and {@code join}, the monitor in its top frames. When marking reaches a way out, that thread may
 * still be woken, so its stack becomes a root too; the walk repeats until nothing changes. A waiting thread whose way
 * out stays unmarked is <b>proven leaked</b>. Scheduler and timer workers ({@code DelayedWorkQueue.take},
 * {@code TimerThread.mainLoop}) count as waiting even in a timed wait: their way out is their pool, and a pool nobody
 * can reach can never be shut down. A pool worker in its keep-alive poll ends by itself and is a root.
 *
 * <p>Not followed: weak, soft and phantom referents, the JDK's registries of all threads (of virtual threads on
 * JDK 21+, {@code ThreadGroup.threads} on JDK 18 and older), the monitor-in-use roots, and a waiting thread's own stack. Threads blocked entering a monitor are treated as live (a lock cycle is
 * proven by triage instead). For every waiting thread that is still reachable, the result has the shortest path from a
 * root to its way out, root first: the reference to cut, or the owner that should stop it.
 *
 * <p>Stateless; each call opens, walks and closes its own heap dump.
 */
public final class HeapProof {
  private HeapProof() {}

  private static final int UNVISITED = -1;
  private static final int CLASS_ROOT = -2;
  private static final int GC_ROOT = -3;
  private static final int STACK_ROOT_BASE = -10;
  private static final int PATH_LIMIT = 12;
  private static final Set<String> SKIPPED_STATICS = Set.of(
      "jdk.internal.vm.ThreadContainers$RootContainer$TrackingRootContainer");
  private static final Set<String> NOT_A_WAY_OUT = Set.of(
      "java.lang.String", "jdk.internal.misc.Unsafe", "sun.misc.Unsafe", "java.lang.Integer", "java.lang.Long",
      "java.lang.Boolean", "java.lang.Object[]");

  /**
   * What a proof found.
   *
   * @param evidence the per-thread result triage reads
   * @param threadsInHeap threads of the snapshot found in the heap dump
   * @param waiting threads that wait with no timeout (or pool workers): the ones a proof can judge
   * @param proven threads proven leaked
   * @param objects objects in the heap dump
   * @param took how long the proof took, indexing included
   * @param indexing how much of it Shark's indexing of the file and Leash's id index took
   */
  public record Result(HeapEvidence evidence, int threadsInHeap, int waiting, int proven, int objects,
      Duration took, Duration indexing) {}

  /** One thread of the heap. */
  private static final class HThread {
    int object = -1;
    final List<Integer> stack = new ArrayList<>();
    final List<Integer> topFrames = new ArrayList<>();
    final Map<Integer, List<Integer>> frames = new HashMap<>();
    SnapshotThread snap;
    String name;
    boolean waiting;
    boolean live;
    int wayOut = -1;
    final List<Integer> ways = new ArrayList<>();
    int code;
  }

  /**
   * Proves which threads of {@code threads} (a thread dump of the same JVM, taken at the same moment) are leaked in
   * the heap dump {@code hprof}.
   *
   * @throws HeapFormatException if the file is not a usable heap dump, or shares no thread with {@code threads}
   * @throws NullPointerException if an argument is null
   */
  public static Result prove(Path hprof, ThreadSnapshot threads) throws HeapFormatException {
    return prove(hprof, threads, List.of());
  }

  /**
   * As {@link #prove(Path, ThreadSnapshot)}, not following references out of objects (nor the static fields) of the
   * classes {@code notFollowed} names: {@code pkg.} for a package and its sub-packages, {@code pkg.Cls} for a class
   * and its nested classes. A leak check proving its own JVM leaves out its own bookkeeping (the suspects it listed,
   * the snapshot it took), which holds every thread it looks at.
   *
   * @throws HeapFormatException if the file is not a usable heap dump, or shares no thread with {@code threads}
   * @throws NullPointerException if an argument is null
   */
  public static Result prove(Path hprof, ThreadSnapshot threads, List<String> notFollowed)
      throws HeapFormatException {
    Objects.requireNonNull(hprof, "hprof");
    Objects.requireNonNull(threads, "threads");
    List<String> cut = List.copyOf(notFollowed);
    long start = System.nanoTime();
    try (Heap heap = Heap.open(hprof, cut)) {
      return walk(heap, threads, start, Duration.ofNanos(System.nanoTime() - start));
    } catch (HeapFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new HeapFormatException(hprof + " cannot be read as a heap dump (cut short or damaged?): "
          + Heap.oneLine(e));
    }
  }

  private static Result walk(Heap heap, ThreadSnapshot snapshot, long start, Duration indexing)
      throws HeapFormatException {
    Map<Long, SnapshotThread> byId = new HashMap<>();
    for (SnapshotThread t : snapshot.threads()) {
      byId.put(t.id(), t);
    }
    int n = heap.objectCount();
    int[] parent = new int[n];
    java.util.Arrays.fill(parent, UNVISITED);
    IntQueue queue = new IntQueue();

    // threads by serial number, with their stack roots
    Map<Integer, HThread> bySerial = new HashMap<>();
    List<Integer> gcRoots = new ArrayList<>();
    for (GcRoot r : heap.graph.getGcRoots()) {
      int idx = heap.index(r.getId());
      if (idx < 0) {
        continue;
      }
      if (r instanceof GcRoot.ThreadObject t) {
        bySerial.computeIfAbsent(t.getThreadSerialNumber(), k -> new HThread()).object = idx;
      } else if (r instanceof GcRoot.JavaFrame f) {
        HThread h = bySerial.computeIfAbsent(f.getThreadSerialNumber(), k -> new HThread());
        h.stack.add(idx);
        h.frames.computeIfAbsent(f.getFrameNumber(), k -> new ArrayList<>()).add(idx);
        if (f.getFrameNumber() <= 2) {
          h.topFrames.add(idx);
        }
      } else if (r instanceof GcRoot.JniLocal l) {
        bySerial.computeIfAbsent(l.getThreadSerialNumber(), k -> new HThread()).stack.add(idx);
      } else if (r instanceof GcRoot.NativeStack s) {
        bySerial.computeIfAbsent(s.getThreadSerialNumber(), k -> new HThread()).stack.add(idx);
      } else if (r instanceof GcRoot.ThreadBlock b) {
        bySerial.computeIfAbsent(b.getThreadSerialNumber(), k -> new HThread()).stack.add(idx);
      } else if (!(r instanceof GcRoot.MonitorUsed) && !(r instanceof GcRoot.Unreachable)) {
        gcRoots.add(idx);
      }
    }
    List<HThread> threads = new ArrayList<>();
    Map<Long, HThread> byTid = new LinkedHashMap<>();
    for (HThread h : bySerial.values()) {
      if (h.object < 0) {
        continue;
      }
      HeapObject.HeapInstance t = heap.object(h.object).getAsInstance();
      if (t == null) {
        continue;
      }
      Long tid = longField(t, "java.lang.Thread", "tid");
      SnapshotThread snap = tid == null ? null : byId.get(tid);
      HeapField nameField = t.get("java.lang.Thread", "name");
      String name = nameField == null ? null : nameField.getValue().readAsJavaString();
      // thread ids restart at 1 in every JVM: the name must agree too, or it is another JVM's thread
      h.snap = snap != null && (name == null || name.equals(snap.name())) ? snap : null;
      h.name = name;
      h.code = STACK_ROOT_BASE - threads.size();
      threads.add(h);
      if (tid != null) {
        byTid.put(tid, h);
      }
      judgeWaiting(heap, h, t);
    }
    long matched = threads.stream().filter(h -> h.snap != null).count();
    if (!snapshot.threads().isEmpty() && matched * 2 < Math.min(threads.size(), snapshot.threads().size())) {
      throw new HeapFormatException(heap.file + " and " + snapshot.source() + " have only " + matched + " of their threads"
          + " in common: they are not of one JVM at one moment (leash capture PID --heap takes both)");
    }

    // roots that running code can use
    for (HeapObject.HeapClass c : Heap.iterable(heap.graph.getClasses())) {
      int idx = c.getObjectIndex();
      parent[idx] = CLASS_ROOT;
      if (!SKIPPED_STATICS.contains(c.getName())) {
        queue.add(idx);
      }
    }
    for (int idx : gcRoots) {
      visit(parent, queue, idx, GC_ROOT);
    }
    // statics and globals first, so that a retainer path names the long-lived holder (a registry, a pool) before a
    // local variable of some running frame
    drain(heap, parent, queue);
    for (HThread h : threads) {
      if (!h.waiting) {
        makeLive(h, parent, queue);
      }
    }
    drain(heap, parent, queue);
    // the fixpoint: a waiting thread whose way out is marked may be woken, so its stack is a root too
    boolean changed = true;
    while (changed) {
      changed = false;
      for (HThread h : threads) {
        if (h.live) {
          continue;
        }
        for (int w : h.ways) {
          if (parent[w] != UNVISITED) {
            h.wayOut = w;
            makeLive(h, parent, queue);
            changed = true;
            break;
          }
        }
      }
      drain(heap, parent, queue);
    }

    Set<Long> examined = new HashSet<>();
    Set<Long> unreachable = new HashSet<>();
    Map<Long, List<String>> retainers = new HashMap<>();
    Map<Long, String> waitsOn = new HashMap<>();
    int waiting = 0;
    for (Map.Entry<Long, HThread> e : byTid.entrySet()) {
      HThread h = e.getValue();
      if (h.snap == null) {
        continue;
      }
      examined.add(e.getKey());
      if (!h.waiting) {
        continue;
      }
      waiting++;
      if (!h.ways.isEmpty() && h.ways.get(0) != h.object) {
        waitsOn.put(e.getKey(), heap.typeOf(h.ways.get(0)));
      }
      if (!h.live) {
        unreachable.add(e.getKey());
      } else if (h.wayOut >= 0) {
        retainers.put(e.getKey(), path(heap, parent, threads, h.wayOut));
      }
    }
    HeapEvidence ev = new HeapEvidence(heap.file.toString(), examined, unreachable, retainers, waitsOn);
    return new Result(ev, examined.size(), waiting, unreachable.size(), n,
        Duration.ofNanos(System.nanoTime() - start), indexing);
  }

  /** Whether the thread waits with no timeout (or is an idle pool or timer worker), and its ways out. */
  private static void judgeWaiting(Heap heap, HThread h, HeapObject.HeapInstance t) {
    SnapshotThread s = h.snap;
    if (s == null) {
      return; // not in the thread dump: left live, nothing said about it
    }
    // A scheduler or timer worker in a timed wait is waiting for its next task: it never ends by itself, so its pool
    // is its way out. A plain pool worker in a timed poll is in its keep-alive and ends by itself: a root.
    boolean poolWorker = false;
    boolean monitorWait = false;
    for (String f : s.stack()) {
      if (f.startsWith("java.util.TimerThread.mainLoop")
          || f.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take")) {
        poolWorker = true;
      }
      if (f.startsWith("java.lang.Object.wait") || f.startsWith("java.lang.Thread.join")) {
        monitorWait = true;
      }
    }
    if (s.state() == Thread.State.RUNNABLE && idleSelector(heap, h, s)) {
      return;
    }
    Integer status = statusOf(t);
    boolean untimed;
    if (status != null && !s.virtual()) {
      untimed = (status & 0x0001) != 0 && (status & 0x0010) != 0; // alive and waiting indefinitely
      boolean timed = (status & 0x0001) != 0 && (status & 0x0020) != 0;
      h.waiting = untimed || (poolWorker && timed);
    } else {
      h.waiting = s.state() == Thread.State.WAITING
          || (poolWorker && s.state() == Thread.State.TIMED_WAITING);
    }
    if (!h.waiting) {
      return;
    }
    // the object waited on first, so a retainer path ends at the queue or lock rather than at the Thread
    Integer blocker = refField(heap, t, "java.lang.Thread", "parkBlocker");
    if (blocker != null) {
      h.ways.add(blocker);
    }
    if (monitorWait || blocker == null) {
      for (int o : h.topFrames) {
        if (o != h.object && isWayOut(heap, o)) {
          h.ways.add(o);
        }
      }
    }
    h.ways.add(h.object);
  }

  /**
   * A thread RUNNABLE in a selector wait is blocked in the kernel. While a channel is registered, the outside world
   * can wake it (a connection, a packet), so it stays a root, as Go treats its network poller. A selector with no key
   * left can only be woken by its owner ({@code wakeup()}, closing it, shutting down its event loop): such a thread
   * waits, and its way out is the selector (held by the event loop that owns it) or its Thread.
   */
  private static boolean idleSelector(Heap heap, HThread h, SnapshotThread s) {
    int owner = -1;
    boolean selecting = false;
    List<String> stack = s.stack();
    for (int i = 0; i < stack.size(); i++) {
      String f = stack.get(i);
      if (f.startsWith("sun.nio.ch.SelectorImpl.lockAndDoSelect") || f.startsWith("sun.nio.ch.SelectorImpl.select")) {
        selecting = true;
      }
      if (!f.startsWith("java.") && !f.startsWith("sun.") && !f.startsWith("jdk.")) {
        owner = i;
        break;
      }
    }
    if (!selecting || owner < 0) {
      return false;
    }
    int selector = -1;
    for (int i = 0; i <= owner && selector < 0; i++) {
      for (int o : h.frames.getOrDefault(i, List.of())) {
        if (heap.isInstanceOf(o, "sun.nio.ch.SelectorImpl")) {
          selector = o;
          break;
        }
      }
    }
    if (selector < 0 || !heap.hasNoKeys(selector)) {
      return false;
    }
    // the selector alone: whoever can reach it (its event loop, the loop's group) can wake or close it; other locals
    // of these frames (a start latch, a logger) say nothing about that
    h.waiting = true;
    h.ways.add(selector);
    h.ways.add(h.object);
    return true;
  }

  private static boolean isWayOut(Heap heap, int idx) {
    HeapObject o = heap.object(idx);
    if (o instanceof HeapObject.HeapInstance i) {
      if (NOT_A_WAY_OUT.contains(i.getInstanceClassName())) {
        return false;
      }
      HeapObject.HeapClass sup = i.getInstanceClass().getSuperclass();
      return sup == null || !"java.lang.Enum".equals(sup.getName());
    }
    return o instanceof HeapObject.HeapObjectArray;
  }

  private static Integer statusOf(HeapObject.HeapInstance t) {
    HeapField holder = t.get("java.lang.Thread", "holder");
    if (holder != null && holder.getValueAsInstance() != null) {
      HeapField st = holder.getValueAsInstance().get("java.lang.Thread$FieldHolder", "threadStatus");
      if (st != null) {
        return st.getValue().getAsInt();
      }
    }
    HeapField st = t.get("java.lang.Thread", "threadStatus");
    return st == null ? null : st.getValue().getAsInt();
  }

  private static Long longField(HeapObject.HeapInstance t, String cls, String name) {
    HeapField f = t.get(cls, name);
    return f == null ? null : f.getValue().getAsLong();
  }

  private static Integer refField(Heap heap, HeapObject.HeapInstance t, String cls, String name) {
    HeapField f = t.get(cls, name);
    if (f == null) {
      return null;
    }
    Long id = f.getValue().getAsObjectId();
    int idx = id == null ? -1 : heap.index(id);
    return idx < 0 ? null : idx;
  }

  private static void makeLive(HThread h, int[] parent, IntQueue queue) {
    h.live = true;
    for (int idx : h.stack) {
      visit(parent, queue, idx, h.code);
    }
    if (h.object >= 0) {
      visit(parent, queue, h.object, h.code);
    }
  }

  private static void visit(int[] parent, IntQueue queue, int idx, int from) {
    if (parent[idx] == UNVISITED) {
      parent[idx] = from;
      queue.add(idx);
    }
  }

  private static void drain(Heap heap, int[] parent, IntQueue queue) {
    while (!queue.isEmpty()) {
      int from = queue.poll();
      heap.forEachRef(from, to -> visit(parent, queue, to, from));
    }
  }

  /** Root first: how the root is held, each reference on the way, and the way out's type last. */
  private static List<String> path(Heap heap, int[] parent, List<HThread> threads, int wayOut) {
    List<Integer> chain = new ArrayList<>();
    for (int i = wayOut; i >= 0; i = parent[i]) {
      chain.add(i);
      if (chain.size() > 10_000) {
        break;
      }
    }
    java.util.Collections.reverse(chain);
    int root = chain.get(0);
    int code = parent[root];
    List<String> steps = new ArrayList<>();
    int first;
    if (code == CLASS_ROOT) {
      first = 1;
      if (chain.size() == 1) {
        steps.add("class " + heap.typeOf(root).replaceFirst("^class ", ""));
      }
    } else if (code <= STACK_ROOT_BASE) {
      HThread t = threads.get(STACK_ROOT_BASE - code);
      String name = t.snap != null ? t.snap.name() : t.name != null ? t.name : "?";
      steps.add("thread \"" + name + "\" (" + (t.snap == null ? "running" : t.snap.state()) + ") holds "
          + heap.typeOf(root));
      first = 1;
    } else {
      steps.add("GC root " + heap.typeOf(root));
      first = 1;
    }
    for (int k = first; k < chain.size(); k++) {
      steps.add(heap.edge(chain.get(k - 1), chain.get(k)));
    }
    if (chain.size() > 1 || code != CLASS_ROOT) {
      steps.add(heap.typeOf(wayOut) + " (the way out)");
    }
    if (steps.size() > PATH_LIMIT) {
      List<String> cut = new ArrayList<>(steps.subList(0, 5));
      cut.add("... " + (steps.size() - PATH_LIMIT + 1) + " more");
      cut.addAll(steps.subList(steps.size() - (PATH_LIMIT - 6), steps.size()));
      return cut;
    }
    return steps;
  }
}
