package dev.leash;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An owner of tasks: every task it starts runs on its own thread, receives the group's context, and ends before
 * {@link #close()} returns. Go's errgroup and a nursery in one.
 *
 * <pre>{@code
 * try (TaskGroup g = TaskGroup.open(ctx)) {
 *   Task<String> a = g.fork(c -> fetch(c, urlA));
 *   Task<String> b = g.fork(c -> fetch(c, urlB));
 *   g.await();                       // throws the first failure, after every task ended
 *   return a.resultNow() + b.resultNow();
 * }                                  // leaving early cancels the rest and waits: nothing leaks
 * }</pre>
 *
 * <ul>
 *   <li><b>Owner:</b> the group. Tasks are named {@code <group>/<n>} and listed by {@link Leash#tasks()} while alive.
 *       The group stays reachable from that registry from its first task until {@code close()}: close every group.
 *   <li><b>Stop signal:</b> the group's context, a child of the one given to {@link #open(Context)}. It is cancelled
 *       by the first failure, by {@link #cancel()} or {@link #close()}, or by the parent; cancelling it also
 *       interrupts every running task, which ends blocking calls. Its {@link Context#cause() cause} says which: the
 *       first failure itself (not wrapped), a {@link CancelledException} after {@code cancel()} or {@code close()},
 *       or the parent's cause. So {@code !(cause instanceof CancelledException)} means "a sibling failed" (unless
 *       that task threw a {@code CancelledException} of its own while the context was not done).
 *   <li><b>Wait point:</b> {@link #await()} and {@link #close()} return only once every task has ended. {@code close}
 *       is idempotent, safe from many threads, and waits even when interrupted (the interrupt is kept). Calling
 *       either from one of the group's own tasks would wait for itself: it throws {@link IllegalStateException}.
 *   <li><b>No silent loss:</b> the first failure is thrown by {@code await} (or by {@code close} if nobody awaited),
 *       wrapped in a {@link TaskFailedException} with the other failures suppressed. Each failure is thrown once: a
 *       failure recorded after an {@code await} threw is thrown by the next {@code await} or {@code close}. A task
 *       that ends by throwing {@link CancelledException}, {@link InterruptedException} or another sign of obeying
 *       its context (an interrupted I/O call) after the context was done is not a failure.
 *   <li><b>Nursery rule:</b> once {@code close()} has begun, a task of the group that calls {@link #go}, {@link #fork}
 *       or {@link #tryGo} on it starts nothing and is not failed for it: {@code go} returns, {@code fork} returns a
 *       task that never runs (state {@link Task.State#CANCELLED}), {@code tryGo} returns false, as the JDK's
 *       {@code StructuredTaskScope.fork} does after shutdown. From any other thread they throw
 *       {@link IllegalStateException}: starting work in a closed group is a programming error.
 * </ul>
 *
 * <p><b>Memory effects:</b> actions of a task happen-before {@code await} or {@code close} return, and before
 * {@link Task#join()} of that task returns.
 */
public final class TaskGroup implements AutoCloseable {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private final String name;
  private final String kind;
  private final CancellableContext ctx;
  private final ThreadFactory threads;
  private final Semaphore slots;
  private final boolean virtual;
  private final Registration interrupter;

  private final Set<GroupTask<?>> running = ConcurrentHashMap.newKeySet();
  /** Tasks started or being started and not yet ended. */
  private final AtomicInteger live = new AtomicInteger();
  private volatile boolean closed;
  /** Whether the group is in {@link Owners}; written under {@link #lock}. */
  private volatile boolean registered;

  /** Guards waiting for the last task, the failures and the registration with {@link Owners}. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition allEnded = lock.newCondition();
  /** Every failure, in the order recorded; the first {@link #reported} were thrown already. */
  private final List<Throwable> failures = new ArrayList<>(0);
  private int reported;

  private TaskGroup(Builder b, Context parent) {
    this.name = b.name != null ? b.name : "group-" + GROUPS.incrementAndGet();
    this.kind = b.kind;
    this.ctx = parent.withCancel();
    this.virtual = b.factory == null && b.virtual;
    this.threads = b.factory != null
        ? b.factory
        : (b.virtual ? Thread.ofVirtual() : Thread.ofPlatform()).name(name + "/", 1).factory();
    this.slots = b.limit > 0 ? new Semaphore(b.limit) : null;
    this.interrupter = ctx.onDone(this::interruptAll);
  }

  /** A group with default settings (virtual threads, no limit) whose context is a child of {@code parent}. */
  public static TaskGroup open(Context parent) {
    return builder().open(parent);
  }

  /** A builder for a group with a name, a concurrency limit or other threads. */
  public static Builder builder() {
    return new Builder();
  }

  /** The group's name, the prefix of its threads' names. */
  public String name() {
    return name;
  }

  /** The group's context, which every task receives. */
  public Context context() {
    return ctx;
  }

  /**
   * Starts {@code task} on a new thread. With a {@link Builder#limit(int) limit}, blocks until a slot is free.
   * Called by one of the group's own tasks once the group is closing, starts nothing (the nursery rule).
   *
   * @throws IllegalStateException if the group is closed (and the caller is not one of its tasks)
   * @throws CancelledException if the calling thread is interrupted while waiting for a slot (the task is not
   *     started and the interrupt is kept)
   */
  public void go(ContextRunnable task) {
    Objects.requireNonNull(task, "task");
    if (!acquireSlot()) {
      return;
    }
    start(new GroupTask<>(this, c -> {
      task.run(c);
      return null;
    }, false, SpawnSites.capture()));
  }

  /**
   * Starts {@code task} if a slot is free now.
   *
   * @return false, without starting it, if the group is at its limit, or if it is closing and the caller is one of
   *     its tasks
   * @throws IllegalStateException if the group is closed (and the caller is not one of its tasks)
   */
  public boolean tryGo(ContextRunnable task) {
    Objects.requireNonNull(task, "task");
    if (!checkOpen()) {
      return false;
    }
    if (slots != null && !slots.tryAcquire()) {
      return false;
    }
    return start(new GroupTask<>(this, c -> {
      task.run(c);
      return null;
    }, false, SpawnSites.capture()));
  }

  /**
   * Starts {@code task} on a new thread and returns a handle on its result. Blocks for a slot like {@link #go}.
   * Called by one of the group's own tasks once the group is closing, returns a task that never runs: its state is
   * {@link Task.State#CANCELLED} and {@link Task#join()} throws {@link CancelledException}.
   *
   * @throws IllegalStateException if the group is closed (and the caller is not one of its tasks)
   * @throws CancelledException if the calling thread is interrupted while waiting for a slot
   */
  public <T> Task<T> fork(ContextCallable<T> task) {
    Objects.requireNonNull(task, "task");
    GroupTask<T> t = new GroupTask<>(this, task, true, SpawnSites.capture());
    if (acquireSlot()) {
      start(t);
    } else {
      t.neverRun();
    }
    return t;
  }

  /** Cancels the group's context, which stops every task that watches it and interrupts every running task. */
  public void cancel() {
    ctx.cancel();
  }

  /**
   * Waits until every task started so far has ended, then throws the first failure if there was one.
   *
   * @throws TaskFailedException if a task failed and no earlier call threw that failure; its cause is the first such
   *     failure, the later ones are suppressed
   * @throws InterruptedException if the calling thread is interrupted while waiting (tasks keep running)
   * @throws IllegalStateException if called from one of the group's own tasks (it would wait for itself)
   */
  public void await() throws InterruptedException {
    checkNotOwnTask("await");
    awaitAllEnded();
    throwUnreported();
  }

  /** Waits until no task is live; the one interruptible wait behind {@link #await()} and {@link #close()}. */
  private void awaitAllEnded() throws InterruptedException {
    if (live.get() == 0) {
      return;
    }
    lock.lock();
    try {
      while (live.get() > 0) {
        allEnded.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every task has ended, even if interrupted (the interrupt is kept), without cancelling anything or
   * throwing failures: for owners built on a group that drain before they close it.
   */
  void awaitEnded() {
    checkNotOwnTask("close");
    Latches.uninterruptibly(this::awaitAllEnded);
  }

  /**
   * Throws {@link IllegalStateException} if the calling thread is one of this group's tasks, which an owner's
   * close or await would wait for forever.
   */
  void checkNotOwnTask(String what) {
    if (isOwnTask()) {
      throw new IllegalStateException("cannot " + what + " " + name + " from its own task "
          + Thread.currentThread().getName() + ": it would wait for itself");
    }
  }

  /** Whether the calling thread runs one of this group's tasks. Scans the live tasks: only for rare paths. */
  private boolean isOwnTask() {
    if (live.get() == 0) {
      return false;
    }
    Thread me = Thread.currentThread();
    for (GroupTask<?> t : running) {
      if (t.thread == me) {
        return true;
      }
    }
    return false;
  }

  /**
   * Cancels the tasks still running and waits until every task has ended; then throws the failures that no call to
   * {@link #await()} or {@code close()} has thrown yet. Idempotent; safe from many threads; waits even when the
   * calling thread is interrupted, keeping the interrupt.
   *
   * @throws TaskFailedException if a task failed and the failure was not thrown before
   * @throws IllegalStateException if called from one of the group's own tasks (it would wait for itself); the group
   *     is then neither cancelled nor closed
   */
  @Override
  public void close() {
    checkNotOwnTask("close");
    closed = true;
    ctx.cancel();
    Latches.uninterruptibly(this::awaitAllEnded);
    interrupter.close();
    lock.lock();
    try {
      Owners.unregister(this);
      registered = true; // never again: a closed group starts nothing
    } finally {
      lock.unlock();
    }
    throwUnreported();
  }

  /** Number of tasks still running. */
  public int liveCount() {
    return running.size();
  }

  @Override
  public String toString() {
    return "TaskGroup[" + name + ", live=" + liveCount() + (ctx.isDone() ? ", cancelled" : "") + "]";
  }

  /**
   * Whether a task may start: true if the group is open; false if it is closing and the caller is one of its tasks
   * (the nursery rule: nothing starts, nothing fails).
   *
   * @throws IllegalStateException if it is closed and the caller is not one of its tasks
   */
  private boolean checkOpen() {
    if (!closed) {
      return true;
    }
    if (isOwnTask()) {
      return false;
    }
    throw new IllegalStateException("task group " + name + " is closed");
  }

  /** Checks the group is open and takes a slot; false (no slot taken) under the nursery rule. */
  private boolean acquireSlot() {
    if (!checkOpen()) {
      return false;
    }
    if (slots == null) {
      return true;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while waiting for a free slot in " + name, e);
    }
    return true;
  }

  /** Starts {@code t} (its slot taken); false if the group turned out to be closing under the nursery rule. */
  private boolean start(GroupTask<?> t) {
    // Count the task before checking `closed`: close() sets `closed` before waiting for the count, so either this
    // check sees it, or close() waits for this task.
    live.getAndIncrement();
    if (!registered) {
      register();
    }
    Thread thread;
    try {
      if (!checkOpen()) {
        releaseSlot();
        countEnded();
        t.neverRun();
        return false;
      }
      thread = threads.newThread(t);
      if (thread == null) {
        throw new IllegalStateException("thread factory of " + name + " returned null");
      }
    } catch (RuntimeException | Error e) {
      releaseSlot();
      countEnded();
      throw e;
    }
    t.thread = thread;
    running.add(t);
    if (virtual) {
      Owners.VIRTUAL_THREADS.increment();
    }
    try {
      thread.start();
    } catch (Throwable e) {
      // Could not start (out of memory or threads): undo, so the group does not wait for it forever.
      taskEnded(t);
      throw e;
    }
    if (ctx.isDone()) {
      // Started after cancellation, possibly after interruptAll ran: interrupt it like its siblings.
      thread.interrupt();
    }
    return true;
  }

  void taskEnded(GroupTask<?> t) {
    running.remove(t);
    if (virtual) {
      Owners.VIRTUAL_THREADS.decrement();
    }
    releaseSlot();
    countEnded();
  }

  private void countEnded() {
    if (live.decrementAndGet() == 0) {
      lock.lock();
      try {
        allEnded.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Lists the group in {@link Leash#tasks()} from its first task until {@link #close()} (which shows only owners with
   * live tasks). Once per group rather than at every idle/busy edge: short tasks would otherwise pay a lock and two
   * map writes each.
   */
  private void register() {
    lock.lock();
    try {
      if (!registered && !closed) {
        Owners.register(this, this::snapshot);
        registered = true;
      }
    } finally {
      lock.unlock();
    }
  }

  void recordFailure(Throwable t) {
    boolean firstOne;
    lock.lock();
    try {
      firstOne = failures.isEmpty();
      failures.add(t);
    } finally {
      lock.unlock();
    }
    if (firstOne) {
      ctx.cancel(t);
    }
  }

  private void releaseSlot() {
    if (slots != null) {
      slots.release();
    }
  }

  private void interruptAll() {
    for (GroupTask<?> t : running) {
      t.thread.interrupt();
    }
  }

  /** Throws the failures recorded since the last throw, if any: the first as the cause, the others suppressed. */
  private void throwUnreported() {
    TaskFailedException e;
    lock.lock();
    try {
      if (reported == failures.size()) {
        return;
      }
      Throwable first = failures.get(reported);
      e = new TaskFailedException("task of " + name + " failed: " + first, first);
      for (int i = reported + 1; i < failures.size(); i++) {
        e.addSuppressed(failures.get(i));
      }
      reported = failures.size();
    } finally {
      lock.unlock();
    }
    throw e;
  }

  private OwnerInfo snapshot() {
    List<TaskInfo> tasks = new ArrayList<>();
    for (GroupTask<?> t : running) {
      Thread th = t.thread;
      tasks.add(new TaskInfo(th.getName(), th.threadId(), th.isVirtual(), t.spawnSite));
    }
    return new OwnerInfo(kind, name, ctx.isDone(), tasks);
  }

  /** Settings for a {@link TaskGroup}. Not thread-safe; each {@link #open(Context)} makes a new group. */
  public static final class Builder {
    private String name;
    private int limit;
    private boolean virtual = true;
    private ThreadFactory factory;
    private String kind = "task-group";

    private Builder() {}

    /** The kind {@link Leash#tasks()} reports, for owners built on a group ({@code loop}, {@code worker-pool}). */
    Builder kind(String kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** The group's name; threads are named {@code <name>/<n>}. Default {@code group-<n>}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * At most {@code limit} tasks run at once; {@link #go} and {@link #fork} block for a slot, {@link #tryGo} returns
     * false.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public Builder limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** Run tasks on virtual threads (the default). */
    public Builder virtualThreads() {
      this.virtual = true;
      this.factory = null;
      return this;
    }

    /** Run tasks on new platform threads. */
    public Builder platformThreads() {
      this.virtual = false;
      this.factory = null;
      return this;
    }

    /** Create task threads with {@code factory}; it must return a new, unstarted thread each time. */
    public Builder threadFactory(ThreadFactory factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Opens the group; its context is a child of {@code parent}. */
    public TaskGroup open(Context parent) {
      Objects.requireNonNull(parent, "parent");
      return new TaskGroup(this, parent);
    }
  }
}
