package dev.leash;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Components with dependencies, started in dependency order and shut down gracefully in reverse order, within
 * budgets, with a report of what did not stop.
 *
 * <pre>{@code
 * ServiceGroup app = ServiceGroup.builder().name("app")
 *     .component("db", (ctx, ready) -> { Db db = Db.open(); ready.run(); ctx.await(); db.close(); })
 *     .component("http", Service.of((ctx, ready) -> serve(ctx, ready), ctx -> stopAccepting(ctx)), "db")
 *     .drainBudget(Duration.ofSeconds(30)).stopBudget(Duration.ofSeconds(5))
 *     .build();
 * ShutdownReport report = app.runUntilSignal(Context.background());
 * System.exit(report.allStopped() ? 0 : 1);
 * }</pre>
 *
 * <ul>
 *   <li><b>Start:</b> a component starts once every component it depends on is ready; independent components start in
 *       parallel, each body on its own platform thread {@code <group>/<component>}. If a body fails or ends with a
 *       failure before it is ready, or the start times out or is cancelled, the components already started are
 *       stopped (in reverse order, as below) and {@link #start} throws {@link ServiceGroupException}.
 *   <li><b>Shutdown, phase one (drain):</b> each component's {@link Service#drain} runs once every component that
 *       depends on it has drained; independent ones drain in parallel. The whole phase is bounded by the drain
 *       budget; a drain still running then is interrupted and the phase ends anyway.
 *   <li><b>Phase two (stop):</b> a component's context is cancelled (its thread interrupted) once every component
 *       that depends on it has ended, or once only a fifth of the stop budget is left (so that components waiting
 *       behind a straggler still get time to stop); the phase is bounded by the stop budget. Components whose
 *       threads are still alive then are reported as stragglers, with their threads' stacks. Shutdown never takes
 *       much longer than the two budgets.
 *   <li><b>Owner / no silent loss:</b> the group owns every thread it starts and lists them in {@link Leash#tasks()}
 *       (kind {@code service-group}) while alive. Every failure of a body or drain is logged through
 *       {@code System.getLogger("dev.leash.ServiceGroup")} and appears in the {@link ShutdownReport}; a body failing
 *       after start triggers the shutdown that {@link #runUntilSignal(Context)} waits for.
 * </ul>
 *
 * <p><b>Lifecycle:</b> one state machine, each transition made under the group's lock.
 * <ul>
 *   <li>{@code NEW} to {@code STARTING}: {@link #start} or {@link #runUntilSignal} (only from {@code NEW}).
 *   <li>{@code STARTING} to {@code RUNNING}: every component is ready.
 *   <li>{@code NEW}, {@code STARTING} or {@code RUNNING} to {@code STOPPING}: {@link #shutdown()} or {@link #close()}
 *       (a start in progress starts no further component, and its caller gets a {@link ServiceGroupException}), or a
 *       failed start.
 *   <li>{@code STOPPING} to {@code STOPPED}: the report is made. The group leaves {@link Leash#tasks()} once it is
 *       {@code STOPPED} and its last thread has ended.
 * </ul>
 * A stop request (SIGINT/SIGTERM under {@code runUntilSignal}, the parent context being done) during
 * {@code STARTING} ends the start too: nothing more is started. Calling {@code start}, {@code runUntilSignal} or
 * {@code shutdown} from one of the group's own threads throws {@link IllegalStateException}.
 */
public final class ServiceGroup implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.leash.ServiceGroup");
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED }

  private final String name;
  private final List<ServiceRun> runs;
  private final Duration drainBudget;
  private final Duration stopBudget;
  private final Duration startTimeout;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ReentrantLock shutdownLock = new ReentrantLock();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  // Guarded by lock:
  private State state = State.NEW;
  private CancellableContext ctx;
  // Guarded by shutdownLock:
  private ShutdownReport report;

  private ServiceGroup(Builder b, List<ServiceRun> runs) {
    this.name = b.name != null ? b.name : "services-" + GROUPS.incrementAndGet();
    this.runs = runs;
    this.drainBudget = b.drainBudget;
    this.stopBudget = b.stopBudget;
    this.startTimeout = b.startTimeout;
  }

  /** A builder; defaults: drain budget 30 s, stop budget 5 s, no start timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /** The group's name, the prefix of its threads' names. */
  public String name() {
    return name;
  }

  /**
   * Starts every component in dependency order and returns once all are ready. Component contexts are children of
   * {@code parent}; cancelling it stops the components (without the drain phase) and requests a shutdown. Under a
   * {@code parent} that is done already, no component starts and the start fails.
   *
   * <p>Allowed only in state NEW (see the class comment). Called from one of the group's own threads, throws
   * {@link IllegalStateException}.
   *
   * @throws IllegalStateException if the group was started before or is closed
   * @throws ServiceGroupException if a component failed to start, the start timed out, {@code parent} was (or
   *     became) done, or {@link #shutdown()} was called meanwhile; what had started is stopped by then and the
   *     exception carries the report
   */
  public void start(Context parent) {
    Objects.requireNonNull(parent, "parent");
    checkNotOwnThread("start");
    if (!startAll(parent)) {
      ShutdownReport r = shutdown();
      throw new ServiceGroupException("service group " + name + " was shut down while starting",
          new CancelledException("shutdown requested while starting " + name), r);
    }
  }

  /**
   * NEW to STARTING, then starts the components until all are ready (STARTING to RUNNING, returns true), or a stop is
   * requested meanwhile (a signal, {@link #shutdown()}: returns false, leaving the shutdown to the caller), or the
   * start fails (shuts down and throws).
   */
  private boolean startAll(Context parent) {
    lock.lock();
    try {
      if (state != State.NEW) {
        throw new IllegalStateException("service group " + name
            + (state == State.STOPPING || state == State.STOPPED ? " is closed" : " was started already"));
      }
      state = State.STARTING;
      ctx = parent.withCancel();
      Owners.register(this, this::snapshot);
    } finally {
      lock.unlock();
    }
    ctx.onDone(this::requestStop);
    Throwable failure = null;
    String culprit = null;
    long deadline = startTimeout == null ? Long.MAX_VALUE : MonoClock.after(startTimeout);
    lock.lock();
    try {
      for (;;) {
        // Look at the stop signals before starting anything: a done parent or a stop request starts nothing more.
        if (ctx.isDone()) {
          failure = CancelledException.of(ctx.cause());
          break;
        }
        if (state != State.STARTING || stopRequested.getCount() == 0) {
          return false;
        }
        boolean allReady = true;
        for (ServiceRun r : runs) {
          if (!r.started() && r.deps.stream().allMatch(d -> d.ready)) {
            startBody(r);
          }
          if (r.failure != null && failure == null) {
            failure = r.failure;
            culprit = r.name;
          }
          allReady &= r.ready;
        }
        if (failure != null) {
          break;
        }
        if (allReady) {
          state = State.RUNNING;
          return true;
        }
        long left = deadline - MonoClock.now();
        if (left <= 0) {
          List<String> waiting = runs.stream().filter(r -> !r.ready).map(r -> r.name).toList();
          failure = new DeadlineExceededException("not ready within " + startTimeout + ": " + waiting);
          break;
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new CancelledException("interrupted while starting service group " + name, e);
    } finally {
      lock.unlock();
    }
    ShutdownReport r = shutdown();
    throw new ServiceGroupException("service group " + name + " failed to start"
        + (culprit == null ? ": " : ": component " + culprit + ": ") + failure, failure, r);
  }

  /**
   * Starts the group (unless {@link #start} was called already), waits for SIGINT or SIGTERM, a component failure, or
   * {@code parent} being done, then shuts down within the budgets and returns the report (also logged: INFO if
   * everything stopped, WARNING otherwise). Signals are caught from the moment this method is called: start the
   * group here rather than before, so that no signal falls between the start and the handlers. A signal that arrives
   * while the components are starting ends the start (nothing more is started; a component that never becomes ready
   * does not hold it) and the group shuts down as for a signal after the start.
   *
   * <p>Signals are caught with {@code sun.misc.Signal} when available: the JVM's default handling (exit) is replaced
   * while this method runs, so the caller decides what happens after, typically
   * {@code System.exit(report.allStopped() ? 0 : 1)}, which also ends stragglers. Otherwise (no
   * {@code jdk.unsupported} module, {@code -Xrs}, or {@code -Dleash.signals=hook}) a shutdown hook is used: the JVM
   * is already exiting when the signal arrives, the hook holds the exit until the shutdown is over and the report
   * logged and written to {@code System.err} (at most both budgets plus a second), and the JVM then exits with the
   * signal's status (143 for SIGTERM) whatever the caller does. Either way the process ends only when everything
   * stopped or the budgets are spent.
   *
   * @throws IllegalStateException if the group is closed or being started by another thread, or if called from one
   *     of the group's own threads
   * @throws ServiceGroupException if a component failed to start
   */
  public ShutdownReport runUntilSignal(Context parent) {
    Objects.requireNonNull(parent, "parent");
    checkNotOwnThread("run");
    long hold = MonoClock.saturatedNanos(drainBudget.plus(stopBudget).plusSeconds(1)) / 1_000_000;
    try (SignalWaiter signals = SignalWaiter.install(this::requestStop, name, hold)) {
      Registration parentWatch = null;
      try {
        boolean fresh;
        lock.lock();
        try {
          fresh = state == State.NEW;
          if (!fresh && state != State.RUNNING) {
            throw new IllegalStateException("service group " + name
                + (state == State.STARTING ? " is being started by another thread" : " is closed"));
          }
        } finally {
          lock.unlock();
        }
        if (fresh) {
          startAll(parent); // false: a stop was requested while starting; the shutdown below handles it
        }
        parentWatch = parent.onDone(this::requestStop);
        boolean interrupted = false;
        try {
          stopRequested.await();
        } catch (InterruptedException e) {
          interrupted = true; // an interrupt is a request to stop too
        }
        ShutdownReport r = shutdown();
        LOG.log(r.allStopped() && r.failures().isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
            r.text());
        if (signals.exiting()) {
          // The JVM is exiting: logging may be shut down already and the caller may not get to run.
          System.err.print(r.text());
          System.err.flush();
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return r;
      } finally {
        if (parentWatch != null) {
          parentWatch.close();
        }
        signals.finished();
      }
    }
  }

  /**
   * Shuts the group down in two phases (see the class comment) and returns the report. Idempotent: later and
   * concurrent calls wait for the first and return the same report. Closing a group never started makes it unusable.
   * Racing {@link #start}: the start stops starting components, and every component it started is drained and stopped
   * by this shutdown. After the parent context was cancelled (which stops the components without draining), returns
   * the report of that stop: no component is drained, since each one's context is done already.
   *
   * @throws IllegalStateException if called from one of the group's own threads (a component body or drain), which
   *     the shutdown would wait for: to stop the group from inside, throw from the body or cancel the parent context
   */
  public ShutdownReport shutdown() {
    checkNotOwnThread("shut down");
    shutdownLock.lock();
    try {
      if (report != null) {
        return report;
      }
      lock.lock();
      try {
        state = State.STOPPING; // from NEW, STARTING or RUNNING: a start in progress starts nothing more
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      stopRequested.countDown();
      report = new ServiceGroupStopper(this).stop();
      lock.lock();
      try {
        state = State.STOPPED;
      } finally {
        lock.unlock();
      }
      if (live.isEmpty()) {
        Owners.unregister(this);
      }
      return report;
    } finally {
      shutdownLock.unlock();
    }
  }

  /** Same as {@link #shutdown()}, for try-with-resources; the report is then available from {@code shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ServiceGroup[" + name + ", " + state + "]";
    } finally {
      lock.unlock();
    }
  }

  /** A stop request (a signal, the parent being done): ends a start in progress and the wait of runUntilSignal. */
  void requestStop() {
    stopRequested.countDown();
    signal();
  }

  /** Throws if the calling thread is one of the group's (a component body or drain), which a shutdown waits for. */
  private void checkNotOwnThread(String what) {
    if (live.contains(Thread.currentThread())) {
      throw new IllegalStateException("cannot " + what + " service group " + name + " from its own thread "
          + Thread.currentThread().getName() + ": it would wait for itself");
    }
  }

  // ---- what the shutdown (ServiceGroupStopper) asks of the group: each call takes the group's lock itself, so the
  // ---- stopper never holds it, and the state it guards stays in this class.

  /** The components that started, in declaration order; the others have nothing to drain (their latch opens). */
  List<ServiceRun> startedForStop() {
    List<ServiceRun> started = new ArrayList<>();
    lock.lock();
    try {
      for (ServiceRun r : runs) {
        if (r.started()) {
          started.add(r);
        } else {
          r.drainDone.countDown();
        }
      }
    } finally {
      lock.unlock();
    }
    return started;
  }

  /** Whether the body of {@code r} has ended. */
  boolean hasEnded(ServiceRun r) {
    lock.lock();
    try {
      return r.ended;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Phase two of the shutdown: cancels each started component once every component that depends on it has ended
   * (until {@code orderedUntil}; then every component left), and waits for their bodies to end until
   * {@code stopDeadline} (both {@link MonoClock} times). Waits on even if interrupted.
   *
   * @return whether the calling thread was interrupted meanwhile (the flag is then clear: the caller restores it)
   */
  boolean cancelInOrder(List<ServiceRun> started, long orderedUntil, long stopDeadline) {
    boolean interrupted = false;
    lock.lock();
    try {
      for (;;) {
        boolean allEnded = true;
        boolean ordered = MonoClock.now() < orderedUntil;
        for (ServiceRun r : started) {
          if (!r.cancelled && (!ordered || r.dependents.stream().allMatch(d -> !d.started() || d.ended))) {
            r.cancelled = true;
            r.cancelledAt = MonoClock.now();
            r.ctx.cancel();
          }
          allEnded &= r.ended;
        }
        long now = MonoClock.now();
        long left = stopDeadline - now;
        if (allEnded || left <= 0) {
          return interrupted;
        }
        if (ordered) {
          left = Math.min(left, Math.max(1, orderedUntil - now));
        }
        try {
          changed.awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The group's context, or {@code null} before it started; read under the lock that {@code start} writes it in. */
  private CancellableContext startedContext() {
    lock.lock();
    try {
      return ctx;
    } finally {
      lock.unlock();
    }
  }

  /** Cancels the group's context, if it was started: whatever still runs is told to stop. */
  void cancelAll() {
    CancellableContext c = startedContext();
    if (c != null) {
      c.cancel();
    }
  }

  /** One report row per component, read under the lock; {@code drainDeadline} and {@code now} in MonoClock time. */
  List<ShutdownReport.Component> reportRows(long drainDeadline, long now) {
    List<ShutdownReport.Component> out = new ArrayList<>();
    lock.lock();
    try {
      for (ServiceRun r : runs) {
        out.add(r.reportRow(drainDeadline, now));
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  String groupName() {
    return name;
  }

  Duration drainBudget() {
    return drainBudget;
  }

  Duration stopBudget() {
    return stopBudget;
  }

  Thread newThread(String suffix, Runnable body, boolean virtual) {
    Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).name(name + "/" + suffix).unstarted(() -> {
      try {
        body.run();
      } finally {
        live.remove(Thread.currentThread());
        if (live.isEmpty() && isStopped()) {
          Owners.unregister(this);
        }
      }
    });
    live.add(t);
    return t;
  }

  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean isStopped() {
    lock.lock();
    try {
      return state == State.STOPPED;
    } finally {
      lock.unlock();
    }
  }

  /** Called under the lock. */
  private void startBody(ServiceRun r) {
    CancellableContext c = ctx.withCancel();
    r.ctx = c;
    Runnable ready = () -> {
      lock.lock();
      try {
        r.ready = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    };
    Thread t = newThread(r.name, () -> runBody(r, c, ready), false);
    r.thread = t;
    try {
      t.start();
    } catch (Throwable e) {
      live.remove(t);
      r.failure = e;
      r.ended = true;
    }
  }

  private void runBody(ServiceRun r, CancellableContext c, Runnable ready) {
    Throwable failure = null;
    try (Registration reg = c.interruptOnDone()) {
      r.service.run(c, ready);
    } catch (Throwable t) {
      failure = t;
    }
    if (failure != null && StopRule.obeyed(c, failure)) {
      failure = null; // obeyed its context (decided before the interrupt flag is cleared)
    }
    Thread.interrupted();
    boolean requestStop;
    lock.lock();
    try {
      r.ended = true;
      r.endedAt = MonoClock.now();
      r.failure = failure;
      if (failure == null) {
        r.ready = true; // a body that returned is as ready as it will ever be
      }
      requestStop = failure != null && state == State.RUNNING;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      LOG.log(System.Logger.Level.WARNING,
          "component " + r.name + " of service group " + name + " failed: " + failure, failure);
    }
    if (requestStop) {
      stopRequested.countDown();
    }
  }

  private OwnerInfo snapshot() {
    List<TaskInfo> tasks = new ArrayList<>();
    for (Thread t : live) {
      tasks.add(new TaskInfo(t.getName(), t.threadId(), t.isVirtual(), null));
    }
    CancellableContext c = startedContext();
    return new OwnerInfo("service-group", name, c != null && c.isDone(), tasks);
  }

  /** Components, dependencies and budgets of a {@link ServiceGroup}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private final Map<String, ServiceRun> specs = new LinkedHashMap<>();
    private Duration drainBudget = Duration.ofSeconds(30);
    private Duration stopBudget = Duration.ofSeconds(5);
    private Duration startTimeout;

    private Builder() {}

    /** The group's name; threads are named {@code <name>/<component>}. Default {@code services-<n>}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds a component that starts after the components named in {@code dependsOn} are ready and stops before them.
     *
     * @throws IllegalArgumentException if the name is empty or already used
     */
    public Builder component(String name, Service service, String... dependsOn) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(dependsOn, "dependsOn");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("component name must not be empty");
      }
      if (specs.containsKey(name)) {
        throw new IllegalArgumentException("duplicate component name: " + name);
      }
      for (String d : dependsOn) {
        Objects.requireNonNull(d, "dependsOn element");
      }
      specs.put(name, new ServiceRun(name, service, Arrays.asList(dependsOn)));
      return this;
    }

    /**
     * Budget of phase one (drain) for the whole group. Default 30 s.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder drainBudget(Duration budget) {
      this.drainBudget = nonNegative(budget, "drainBudget");
      return this;
    }

    /**
     * Budget of phase two (cancel and wait) for the whole group. Default 5 s.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder stopBudget(Duration budget) {
      this.stopBudget = nonNegative(budget, "stopBudget");
      return this;
    }

    /**
     * How long {@link ServiceGroup#start} waits for every component to be ready. Default: no limit.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = nonNegative(timeout, "startTimeout");
      return this;
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, was " + d);
      }
      return d;
    }

    /**
     * Checks the dependencies and makes the group (not started).
     *
     * @throws IllegalArgumentException if there is no component, a dependency names an unknown component, or the
     *     dependencies form a cycle (the message names it, e.g. {@code a -> b -> a})
     */
    public ServiceGroup build() {
      if (specs.isEmpty()) {
        throw new IllegalArgumentException("a service group needs at least one component");
      }
      List<ServiceRun> runs = new ArrayList<>();
      Map<String, ServiceRun> byName = new HashMap<>();
      for (ServiceRun s : specs.values()) {
        ServiceRun r = new ServiceRun(s.name, s.service, s.dependsOn);
        runs.add(r);
        byName.put(r.name, r);
      }
      for (ServiceRun r : runs) {
        for (String d : r.dependsOn) {
          ServiceRun dep = byName.get(d);
          if (dep == null) {
            throw new IllegalArgumentException("component " + r.name + " depends on unknown component " + d);
          }
          if (!r.deps.contains(dep)) {
            r.deps.add(dep);
            dep.dependents.add(r);
          }
        }
      }
      checkAcyclic(runs);
      return new ServiceGroup(this, runs);
    }

    private static void checkAcyclic(List<ServiceRun> runs) {
      Map<ServiceRun, Integer> mark = new HashMap<>(); // 1 = on the path, 2 = done
      for (ServiceRun root : runs) {
        if (mark.containsKey(root)) {
          continue;
        }
        ArrayDeque<ServiceRun> path = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        path.push(root);
        next.push(0);
        mark.put(root, 1);
        while (!path.isEmpty()) {
          ServiceRun top = path.peek();
          int i = next.pop();
          if (i == top.deps.size()) {
            mark.put(top, 2);
            path.pop();
            continue;
          }
          next.push(i + 1);
          ServiceRun d = top.deps.get(i);
          Integer m = mark.get(d);
          if (m == null) {
            mark.put(d, 1);
            path.push(d);
            next.push(0);
          } else if (m == 1) {
            List<String> cycle = new ArrayList<>();
            List<ServiceRun> onPath = new ArrayList<>(path);
            java.util.Collections.reverse(onPath);
            for (int k = onPath.indexOf(d); k < onPath.size(); k++) {
              cycle.add(onPath.get(k).name);
            }
            cycle.add(d.name);
            throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", cycle));
          }
        }
      }
    }
  }

  static long millisLeft(long until) {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(0, until - MonoClock.now()));
  }
}
