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
 *       interrupts every running task, which ends blocking calls.
 *   <li><b>Wait point:</b> {@link #await()} and {@link #close()} return only once every task has ended. {@code close}
 *       is idempotent, safe from many threads, and waits even when interrupted (the interrupt is kept).
 *   <li><b>No silent loss:</b> the first failure is thrown by {@code await} (or by {@code close} if nobody awaited),
 *       wrapped in a {@link TaskFailedException} with the other failures suppressed. A task that ends by throwing
 *       {@link CancelledException} or {@link InterruptedException} after the context was done is not a failure.
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
  private Throwable failure;
  private List<Throwable> otherFailures;
  private boolean failureReported;

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
   *
   * @throws IllegalStateException if the group is closed
   * @throws CancelledException if the calling thread is interrupted while waiting for a slot (the task is not
   *     started and the interrupt is kept)
   */
  public void go(ContextRunnable task) {
    Objects.requireNonNull(task, "task");
    acquireSlot();
    start(new GroupTask<>(this, c -> {
      task.run(c);
      return null;
    }, false, SpawnSites.capture()));
  }

  /**
   * Starts {@code task} if a slot is free now.
   *
   * @return false, without starting it, if the group is at its limit
   * @throws IllegalStateException if the group is closed
   */
  public boolean tryGo(ContextRunnable task) {
    Objects.requireNonNull(task, "task");
    checkOpen();
    if (slots != null && !slots.tryAcquire()) {
      return false;
    }
    start(new GroupTask<>(this, c -> {
      task.run(c);
      return null;
    }, false, SpawnSites.capture()));
    return true;
  }

  /**
   * Starts {@code task} on a new thread and returns a handle on its result. Blocks for a slot like {@link #go}.
   *
   * @throws IllegalStateException if the group is closed
   * @throws CancelledException if the calling thread is interrupted while waiting for a slot
   */
  public <T> Task<T> fork(ContextCallable<T> task) {
    Objects.requireNonNull(task, "task");
    acquireSlot();
    GroupTask<T> t = new GroupTask<>(this, task, true, SpawnSites.capture());
    start(t);
    return t;
  }

  /** Cancels the group's context, which stops every task that watches it and interrupts every running task. */
  public void cancel() {
    ctx.cancel();
  }

  /**
   * Waits until every task started so far has ended, then throws the first failure if there was one.
   *
   * @throws TaskFailedException if a task failed; its cause is the first failure, the others are suppressed
   * @throws InterruptedException if the calling thread is interrupted while waiting (tasks keep running)
   */
  public void await() throws InterruptedException {
    lock.lock();
    try {
      while (live.get() > 0) {
        allEnded.await();
      }
    } finally {
      lock.unlock();
    }
    throwFailureOnce();
  }

  /**
   * Cancels the tasks still running and waits until every task has ended; then throws the first failure if no call
   * to {@link #await()} or {@code close()} has thrown it yet. Idempotent; safe from many threads; waits even when the
   * calling thread is interrupted, keeping the interrupt.
   *
   * @throws TaskFailedException if a task failed and the failure was not thrown before
   */
  @Override
  public void close() {
    closed = true;
    ctx.cancel();
    boolean interrupted = false;
    lock.lock();
    try {
      while (live.get() > 0) {
        try {
          allEnded.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      lock.unlock();
    }
    interrupter.close();
    lock.lock();
    try {
      Owners.unregister(this);
      registered = true; // never again: a closed group starts nothing
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    throwFailureOnce();
  }

  /** Number of tasks still running. */
  public int liveCount() {
    return running.size();
  }

  @Override
  public String toString() {
    return "TaskGroup[" + name + ", live=" + liveCount() + (ctx.isDone() ? ", cancelled" : "") + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("task group " + name + " is closed");
    }
  }

  private void acquireSlot() {
    checkOpen();
    if (slots == null) {
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while waiting for a free slot in " + name, e);
    }
  }

  private void start(GroupTask<?> t) {
    // Count the task before checking `closed`: close() sets `closed` before waiting for the count, so either this
    // check sees it, or close() waits for this task.
    live.getAndIncrement();
    if (!registered) {
      register();
    }
    Thread thread;
    try {
      checkOpen();
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
      firstOne = failure == null;
      if (firstOne) {
        failure = t;
      } else {
        if (otherFailures == null) {
          otherFailures = new ArrayList<>();
        }
        otherFailures.add(t);
      }
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

  private void throwFailureOnce() {
    TaskFailedException e;
    lock.lock();
    try {
      if (failure == null || failureReported) {
        return;
      }
      failureReported = true;
      e = new TaskFailedException("task of " + name + " failed: " + failure, failure);
      if (otherFailures != null) {
        otherFailures.forEach(e::addSuppressed);
      }
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
