package dev.leash;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps children running: restarts them when they end, per their {@link RestartType} and the supervisor's
 * {@link Strategy}, with backoff, until they fail too often. Erlang/OTP's supervisor for Java threads.
 *
 * <pre>{@code
 * try (Supervisor sup = Supervisor.builder().name("ingest")
 *     .child("poller", RestartType.PERMANENT, ctx -> poll(ctx))
 *     .child("flusher", RestartType.TRANSIENT, ctx -> flush(ctx))
 *     .start(ctx)) {
 *   sup.await();   // until every child is gone for good, the context is cancelled, or the supervisor gives up
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Owner:</b> the supervisor. Each child incarnation runs on its own thread named {@code <supervisor>/<child>};
 *       a control thread {@code <supervisor>/control} makes every decision. All are listed by {@link Leash#tasks()}
 *       (kind {@code supervisor}) while it runs.
 *   <li><b>Stop signal:</b> each incarnation gets its own child of the supervisor's context and is interrupted when
 *       it is cancelled; the supervisor cancels it to stop that child (sibling restart, close, give-up).
 *   <li><b>Wait point:</b> {@link #close()} cancels and returns only once every child thread and the control thread
 *       have ended; restart backoffs are cut short by it. {@link #await()} waits without cancelling. Either, called
 *       from a child or from the listener (the control thread), would wait for itself: it throws
 *       {@link IllegalStateException}.
 *   <li><b>No silent loss:</b> anything a child throws, {@link Error}s such as {@code StackOverflowError} included, is
 *       caught, logged at WARNING with the child's name through {@code System.getLogger("dev.leash.Supervisor")},
 *       given to the listener, and handled per policy. A give-up is thrown by {@code await}/{@code close} as a
 *       {@link SupervisorException} and, for a nested supervisor, seen by the parent as its child's failure.
 * </ul>
 *
 * <p><b>Restart intensity:</b> if more than {@code maxRestarts} restarts happen within {@code window} (default 1 in
 * 5 s, as OTP), the supervisor stops all children and fails. <b>Backoff:</b> restart {@code n} of a child waits
 * {@code backoff.delay(n)}; the count resets once an incarnation has lived for a whole window.
 *
 * <p>Started under a context that is done already, a supervisor starts no child and ends at once, normally (as
 * when it is cancelled right after the start). The supervisor ends by itself, normally, when no child is left to run (every child ended and none is to be
 * restarted). A child that ignores its context keeps {@code close()} waiting: after the shutdown timeout (default
 * 5 s) a warning names it, and the wait goes on, because Java cannot kill a thread.
 */
public final class Supervisor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.leash.Supervisor");
  private static final AtomicInteger SUPERVISORS = new AtomicInteger();

  /** How the siblings of a child that is restarted are treated. */
  public enum Strategy {
    /** Only the child that ended is restarted. */
    ONE_FOR_ONE,
    /** Every other child is stopped too, then all are restarted in order. */
    ONE_FOR_ALL,
    /** The children started after the one that ended are stopped, then those and it are restarted in order. */
    REST_FOR_ONE
  }

  /** When a child is restarted (OTP's meanings). */
  public enum RestartType {
    /** Always restarted, even when it returns normally. */
    PERMANENT,
    /** Restarted only when it fails (throws); a normal return or an exit on cancel ends it for good. */
    TRANSIENT,
    /** Never restarted; also dropped, not restarted, when a sibling's failure stops it. */
    TEMPORARY
  }

  private final String name;
  private final Strategy strategy;
  private final int maxRestarts;
  private final long windowNanos;
  private final Duration window;
  private final Backoff backoff;
  private final long shutdownTimeoutNanos;
  private final Consumer<SupervisorEvent> listener;
  private final ThreadFactory threads;
  private final List<SupervisedChild> children = new ArrayList<>();
  private final CancellableContext ctx;
  private final Thread control;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  // Guarded by lock:
  private final ArrayDeque<SupervisedChild.Exit> exits = new ArrayDeque<>();
  private boolean ended;
  private SupervisorException failure;
  private boolean failureReported;

  // Control thread only:
  private final ArrayDeque<Long> recentRestarts = new ArrayDeque<>();
  private Duration groupDelay = Duration.ZERO;

  private Supervisor(Builder b, Context parent) {
    this.name = b.name != null ? b.name : "supervisor-" + SUPERVISORS.incrementAndGet();
    this.strategy = b.strategy;
    this.maxRestarts = b.maxRestarts;
    this.window = b.window;
    this.windowNanos = MonoClock.saturatedNanos(b.window);
    this.backoff = b.backoff;
    this.shutdownTimeoutNanos = MonoClock.saturatedNanos(b.shutdownTimeout);
    this.listener = b.listener;
    this.threads = (b.virtual ? Thread.ofVirtual() : Thread.ofPlatform()).factory();
    for (Builder.Spec s : b.specs) {
      children.add(new SupervisedChild(s.name(), s.type(), s.fn(), children.size()));
    }
    this.ctx = parent.withCancel();
    this.control = threads.newThread(this::controlLoop);
    control.setName(name + "/control");
  }

  /** A builder; defaults: ONE_FOR_ONE, 1 restart in 5 s, exponential backoff 10 ms to 5 s, virtual threads. */
  public static Builder builder() {
    return new Builder();
  }

  /** The supervisor's name, the prefix of its threads' names. */
  public String name() {
    return name;
  }

  /** The supervisor's context: every child's context is a child of it; done once the supervisor stops. */
  public Context context() {
    return ctx;
  }

  /**
   * Waits until the supervisor has ended: no child left to run, its context cancelled (by {@link #close()} or the
   * parent), or given up. Every child thread has ended when it returns.
   *
   * @throws SupervisorException if the supervisor gave up
   * @throws InterruptedException if the calling thread is interrupted while waiting (the supervisor keeps running)
   */
  public void await() throws InterruptedException {
    checkNotOwnThread("await");
    lock.lock();
    try {
      while (!ended) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
    control.join();
    throwFailureOnce();
  }

  /** Whether the supervisor has ended. */
  public boolean isEnded() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Cancels the supervisor's context, which stops every child and cuts any restart backoff short, and waits until
   * every child thread and the control thread have ended. Idempotent and safe from many threads; waits even when
   * interrupted, keeping the interrupt.
   *
   * @throws SupervisorException if the supervisor had given up and no {@code await}/{@code close} has thrown it yet
   */
  @Override
  public void close() {
    checkNotOwnThread("close");
    ctx.cancel();
    Latches.joinUninterruptibly(control);
    throwFailureOnce();
  }

  /** Throws if the caller is a child or the control thread (a listener), which close or await would wait for. */
  private void checkNotOwnThread(String what) {
    if (live.contains(Thread.currentThread())) {
      throw new IllegalStateException("cannot " + what + " supervisor " + name + " from its own thread "
          + Thread.currentThread().getName() + ": it would wait for itself");
    }
  }

  @Override
  public String toString() {
    return "Supervisor[" + name + ", " + strategy + (isEnded() ? ", ended" : "") + "]";
  }

  private void start() {
    Owners.register(this, this::snapshot);
    live.add(control);
    ctx.onDone(this::wake);
    try {
      control.start();
    } catch (Throwable e) {
      live.remove(control);
      Owners.unregister(this);
      ctx.cancel();
      throw e;
    }
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- control thread ----

  private void controlLoop() {
    SupervisorException giveUp = null;
    try {
      for (SupervisedChild c : children) {
        if (ctx.isDone()) {
          break; // started under (or cancelled during the start by) a done context: start nothing more
        }
        startChild(c);
      }
      while (!ctx.isDone() && giveUp == null && !allRemoved()) {
        SupervisedChild.Exit e = nextExit(earliestRestart(), false);
        if (e != null) {
          giveUp = handleExit(e);
        }
        if (giveUp == null && !ctx.isDone()) {
          startDueRestarts();
        }
      }
    } catch (Throwable t) {
      giveUp = new SupervisorException("supervisor " + name + " failed internally", t);
    }
    if (giveUp != null) {
      ctx.cancel(giveUp);
      emit(new SupervisorEvent.GaveUp(name, giveUp));
      LOG.log(System.Logger.Level.ERROR, "supervisor " + name + " gave up: " + giveUp.getMessage(), giveUp.getCause());
    } else {
      ctx.cancel();
    }
    stopAll();
    lock.lock();
    try {
      failure = giveUp;
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    live.remove(Thread.currentThread());
    Owners.unregister(this);
  }

  /**
   * Waits for a child's exit until {@code until} (MonoClock; MAX for none), or until cancel unless {@code stopping}
   * (a stopping supervisor waits for exits whatever its context says). Null if none came.
   */
  private SupervisedChild.Exit nextExit(long until, boolean stopping) {
    lock.lock();
    try {
      while (exits.isEmpty() && (stopping || !ctx.isDone())) {
        long left = until - MonoClock.now();
        if (left <= 0) {
          return null;
        }
        try {
          changed.awaitNanos(left);
        } catch (InterruptedException e) { // leash:ignore swallowed-interrupt
          // Nobody owns an interrupt of the control thread: ignore it, the context is the stop signal.
        }
      }
      return exits.poll();
    } finally {
      lock.unlock();
    }
  }

  private SupervisorException handleExit(SupervisedChild.Exit e) {
    SupervisedChild c = e.child();
    ended(e);
    if (ctx.isDone()) {
      c.phase = SupervisedChild.Phase.REMOVED; // stopping: never restart
      return null;
    }
    if (c.phase == SupervisedChild.Phase.STOPPING) {
      c.phase = c.type == RestartType.TEMPORARY ? SupervisedChild.Phase.REMOVED : SupervisedChild.Phase.STOPPED_PENDING;
      scheduleGroupIfStopped();
      return null;
    }
    boolean failed = e.failure() != null;
    boolean restart = switch (c.type) {
      case PERMANENT -> true;
      case TRANSIENT -> failed;
      case TEMPORARY -> false;
    };
    if (!restart) {
      c.phase = SupervisedChild.Phase.REMOVED;
      return null;
    }
    long now = MonoClock.now();
    recentRestarts.addLast(now);
    while (now - recentRestarts.peekFirst() > windowNanos) {
      recentRestarts.removeFirst();
    }
    if (recentRestarts.size() > maxRestarts) {
      return new SupervisorException("supervisor " + name + " gave up: more than " + maxRestarts
          + " restarts within " + window + "; last exit by child " + c.name
          + (failed ? ": " + e.failure() : " (returned)"), e.failure());
    }
    if (now - c.startedAt >= windowNanos) {
      c.consecutive = 0;
    }
    Duration delay = backoff.delay(Math.min(c.consecutive, 1000));
    c.consecutive++;
    c.restarts++;
    emit(new SupervisorEvent.Restarting(name, c.name, c.restarts, delay, e.failure()));
    if (strategy == Strategy.ONE_FOR_ONE) {
      c.phase = SupervisedChild.Phase.WAITING;
      c.restartAt = now + delay.toNanos();
      return null;
    }
    c.phase = SupervisedChild.Phase.STOPPED_PENDING;
    if (delay.compareTo(groupDelay) > 0) {
      groupDelay = delay;
    }
    for (SupervisedChild o : children) {
      if (o == c || (strategy == Strategy.REST_FOR_ONE && o.index < c.index)) {
        continue;
      }
      if (o.phase == SupervisedChild.Phase.RUNNING) {
        o.phase = SupervisedChild.Phase.STOPPING;
        o.runCtx.cancel();
      } else if (o.phase == SupervisedChild.Phase.WAITING) {
        o.phase = SupervisedChild.Phase.STOPPED_PENDING;
      }
    }
    scheduleGroupIfStopped();
    return null;
  }

  /** Bookkeeping common to every exit: the thread is gone; tell the log and the listener. */
  private void ended(SupervisedChild.Exit e) {
    SupervisedChild c = e.child();
    c.alive = false;
    boolean stopped = c.phase == SupervisedChild.Phase.STOPPING || ctx.isDone();
    if (e.failure() != null) {
      LOG.log(System.Logger.Level.WARNING,
          "child " + c.name + " of supervisor " + name + " failed: " + e.failure(), e.failure());
    }
    emit(new SupervisorEvent.Exited(name, c.name, e.failure(), stopped));
  }

  private void scheduleGroupIfStopped() {
    for (SupervisedChild o : children) {
      if (o.phase == SupervisedChild.Phase.STOPPING) {
        return;
      }
    }
    long at = MonoClock.now() + groupDelay.toNanos();
    groupDelay = Duration.ZERO;
    for (SupervisedChild o : children) {
      if (o.phase == SupervisedChild.Phase.STOPPED_PENDING) {
        o.phase = SupervisedChild.Phase.WAITING;
        o.restartAt = at;
      }
    }
  }

  private long earliestRestart() {
    long at = Long.MAX_VALUE;
    for (SupervisedChild c : children) {
      if (c.phase == SupervisedChild.Phase.WAITING) {
        at = Math.min(at, c.restartAt);
      }
    }
    return at;
  }

  private void startDueRestarts() {
    long now = MonoClock.now();
    for (SupervisedChild c : children) {
      if (c.phase == SupervisedChild.Phase.WAITING && c.restartAt <= now) {
        startChild(c);
      }
    }
  }

  private boolean allRemoved() {
    for (SupervisedChild c : children) {
      if (c.phase != SupervisedChild.Phase.REMOVED) {
        return false;
      }
    }
    return true;
  }

  private void startChild(SupervisedChild c) {
    int inc = ++c.incarnation;
    CancellableContext runCtx = ctx.withCancel();
    c.runCtx = runCtx;
    c.phase = SupervisedChild.Phase.RUNNING;
    c.startedAt = MonoClock.now();
    Thread t = threads.newThread(() -> {
      SupervisedChild.Exit exit = c.body(inc, runCtx);
      runCtx.close();
      lock.lock();
      try {
        exits.add(exit);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      live.remove(Thread.currentThread());
    });
    t.setName(name + "/" + c.name);
    c.thread = t;
    c.alive = true;
    live.add(t);
    emit(new SupervisorEvent.Started(name, c.name, inc));
    try {
      t.start();
    } catch (Throwable e) {
      live.remove(t);
      lock.lock();
      try {
        exits.add(new SupervisedChild.Exit(c, inc, e, false));
      } finally {
        lock.unlock();
      }
    }
  }

  /** Cancels every child (the context is done already) and waits until all have exited. */
  private void stopAll() {
    long warnAt = MonoClock.now() + shutdownTimeoutNanos;
    boolean warned = false;
    for (;;) {
      List<SupervisedChild> running = new ArrayList<>();
      for (SupervisedChild c : children) {
        if (c.alive) {
          running.add(c);
        }
      }
      if (running.isEmpty()) {
        break;
      }
      SupervisedChild.Exit e = nextExit(warned ? Long.MAX_VALUE : warnAt, true);
      if (e == null) {
        warned = true;
        warnStragglers(running);
        continue;
      }
      ended(e);
      e.child().phase = SupervisedChild.Phase.REMOVED;
    }
    Set<Thread> seen = new HashSet<>();
    for (SupervisedChild c : children) {
      c.phase = SupervisedChild.Phase.REMOVED;
      if (c.thread != null && seen.add(c.thread)) {
        Latches.joinUninterruptibly(c.thread);
      }
    }
  }

  private void warnStragglers(List<SupervisedChild> running) {
    for (SupervisedChild c : running) {
      StringBuilder sb = new StringBuilder();
      sb.append("child ").append(c.name).append(" of supervisor ").append(name)
          .append(" has not stopped ").append(Duration.ofNanos(shutdownTimeoutNanos))
          .append(" after cancel; still waiting. Its thread ").append(c.thread.getName()).append(" is at:");
      for (StackTraceElement f : c.thread.getStackTrace()) {
        sb.append("\n\tat ").append(f);
      }
      LOG.log(System.Logger.Level.WARNING, sb.toString());
    }
  }

  private void emit(SupervisorEvent event) {
    if (listener == null) {
      return;
    }
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "listener of supervisor " + name + " threw on " + event, e);
    }
  }

  private void throwFailureOnce() {
    SupervisorException e;
    lock.lock();
    try {
      if (failure == null || failureReported) {
        return;
      }
      failureReported = true;
      e = failure;
    } finally {
      lock.unlock();
    }
    throw e;
  }

  private OwnerInfo snapshot() {
    List<TaskInfo> tasks = new ArrayList<>();
    for (Thread t : live) {
      tasks.add(new TaskInfo(t.getName(), t.threadId(), t.isVirtual(), null));
    }
    return new OwnerInfo("supervisor", name, ctx.isDone(), tasks);
  }

  /**
   * Settings and children of a {@link Supervisor}. Not thread-safe. {@link #start(Context)} may be called many
   * times; each call makes a new supervisor from the settings at that moment.
   */
  public static final class Builder {
    record Spec(String name, RestartType type, ContextRunnable fn) {}

    private String name;
    private Strategy strategy = Strategy.ONE_FOR_ONE;
    private int maxRestarts = 1;
    private Duration window = Duration.ofSeconds(5);
    private Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(5));
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private Consumer<SupervisorEvent> listener;
    private boolean virtual = true;
    private final List<Spec> specs = new ArrayList<>();

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.name = name;
      b.strategy = strategy;
      b.maxRestarts = maxRestarts;
      b.window = window;
      b.backoff = backoff;
      b.shutdownTimeout = shutdownTimeout;
      b.listener = listener;
      b.virtual = virtual;
      b.specs.addAll(specs);
      return b;
    }

    /** The supervisor's name; threads are named {@code <name>/<child>}. Default {@code supervisor-<n>}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** How siblings of a restarted child are treated. Default {@link Strategy#ONE_FOR_ONE}. */
    public Builder strategy(Strategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Restart intensity: more than {@code maxRestarts} restarts within {@code window} make the supervisor give up.
     * Default 1 in 5 seconds.
     *
     * @throws IllegalArgumentException if {@code maxRestarts < 0} or {@code window} is not positive
     */
    public Builder intensity(int maxRestarts, Duration window) {
      Objects.requireNonNull(window, "window");
      if (maxRestarts < 0) {
        throw new IllegalArgumentException("maxRestarts must not be negative, was " + maxRestarts);
      }
      if (window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("window must be positive, was " + window);
      }
      this.maxRestarts = maxRestarts;
      this.window = window;
      return this;
    }

    /** The wait before each restart. Default exponential from 10 ms to 5 s with full jitter. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * How long a stopping supervisor waits for a child before logging a warning with its stack (it then keeps
     * waiting). Default 5 s, OTP's shutdown default.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + timeout);
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    /** Receives start, exit, restart and give-up events on the control thread; must not block. */
    public Builder listener(Consumer<SupervisorEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Run children on platform threads instead of virtual threads. */
    public Builder platformThreads() {
      this.virtual = false;
      return this;
    }

    /**
     * Adds a child, started after the ones added before it.
     *
     * @throws IllegalArgumentException if a child of that name exists, or the name is empty
     */
    public Builder child(String name, RestartType type, ContextRunnable fn) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(fn, "fn");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("child name must not be empty");
      }
      for (Spec s : specs) {
        if (s.name().equals(name)) {
          throw new IllegalArgumentException("duplicate child name: " + name);
        }
      }
      specs.add(new Spec(name, type, fn));
      return this;
    }

    /**
     * Adds a nested supervisor as a child: each incarnation runs a new supervisor built from a copy of
     * {@code nested} as it is now (named after the child unless it has a name). When it gives up, this supervisor
     * sees a failure of that child, and restarts it or gives up itself per its own policy: failures escalate.
     *
     * @throws IllegalArgumentException if a child of that name exists
     */
    public Builder child(String name, RestartType type, Builder nested) {
      Objects.requireNonNull(nested, "nested");
      Builder frozen = nested.copy();
      if (frozen.name == null) {
        frozen.name = name;
      }
      return child(name, type, frozen::run);
    }

    /**
     * Starts a supervisor whose context is a child of {@code parent}; its children start at once, in order.
     *
     * @throws IllegalArgumentException if no child was added
     */
    public Supervisor start(Context parent) {
      Objects.requireNonNull(parent, "parent");
      if (specs.isEmpty()) {
        throw new IllegalArgumentException("a supervisor needs at least one child");
      }
      Supervisor s = new Supervisor(this, parent);
      s.start();
      return s;
    }

    /**
     * Starts a supervisor, waits until it ends, and closes it: returns when it has no child left or {@code parent}
     * is done. An interrupt of the calling thread also stops it (the interrupt is kept).
     *
     * @throws SupervisorException if it gave up
     */
    public void run(Context parent) {
      boolean interrupted = false;
      try (Supervisor s = start(parent)) {
        try {
          s.await();
        } catch (InterruptedException e) {
          interrupted = true; // asked to stop: close() stops the children and waits for them
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
