package dev.leash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of workers taking jobs from a bounded queue, with back-pressure, load shedding and an owner that
 * drains or cancels it.
 *
 * <pre>{@code
 * try (WorkerPool<Order> pool = WorkerPool.<Order>builder((c, order) -> ship(c, order))
 *     .workers(8).queueCapacity(64).open(ctx)) {
 *   for (Order o : orders) {
 *     pool.submit(ctx, o);            // blocks while the queue is full
 *   }
 * }                                   // runs every accepted job, waits, throws the first failure
 * }</pre>
 *
 * <ul>
 *   <li><b>Owner:</b> the pool. Its workers are named {@code <name>/<n>} (default name {@code pool-<n>}), run on
 *       virtual or platform threads as built, and are listed by {@link Leash#tasks()} while alive.
 *   <li><b>Queue:</b> holds up to {@link Builder#queueCapacity(int) capacity} accepted jobs; capacity 0 is a direct
 *       hand-off, where a job is accepted only when a worker takes it. A job is <em>accepted</em> when its
 *       {@link #submit} or {@link #trySubmit} returns normally; from then on it is run or reported, never dropped.
 *   <li><b>Stop signal:</b> the pool's {@link #context()}, a child of the context given to
 *       {@link Builder#open(Context)}, which every job receives. {@link #closeNow()} or the parent cancels it, which
 *       also interrupts the workers. Jobs left in the queue when it is cancelled are not run: {@code closeNow()}
 *       returns them.
 *   <li><b>Wait point:</b> {@link #close()} stops accepting, lets the workers finish every accepted job, and returns
 *       when they have all ended. {@link #closeNow()} cancels and waits. Both are idempotent and safe from many
 *       threads: one call shuts down, the others wait for it.
 *   <li><b>No silent failure:</b> a job that throws anything, {@link Error}s such as {@code StackOverflowError} or
 *       {@code OutOfMemoryError} included, is counted in {@link #stats()} and the worker goes on; {@code
 *       close()} throws the first failure as a {@link TaskFailedException} with later ones suppressed (the first
 *       {@value #MAX_SUPPRESSED}; all are counted).
 * </ul>
 *
 * <p><b>Memory effects:</b> actions before a successful submit happen-before the job runs; actions of every job
 * happen-before {@code close()} or {@code closeNow()} returns.
 *
 * @param <J> the job type
 */
public final class WorkerPool<J> implements AutoCloseable {
  /** Failures attached to the exception thrown by {@link #close()}, after the first. */
  public static final int MAX_SUPPRESSED = 64;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final String name;
  private final JobHandler<J> handler;
  final Channel<J> queue;
  private final TaskGroup group;
  private final Registration closeOnCancel;

  private final LongAdder submitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  /** Accepted jobs that never started (counted at shutdown). */
  private final LongAdder neverStarted = new LongAdder();
  /** One per worker, each written by its worker only: no shared counter on the path of a job. */
  private final WorkerCounters[] counters;
  /** Jobs a worker took from the queue after the pool was cancelled: never started. */
  private final Queue<J> notStarted = new ConcurrentLinkedQueue<>();

  private final ReentrantLock failureLock = new ReentrantLock();
  private Throwable firstFailure;
  private List<Throwable> laterFailures;

  /**
   * Test hook, false except while {@code WorkerPoolLincheckTest} plants a lost-job bug (jobs still queued at the
   * cancel are neither run nor returned), to show its check catches it. Read once per shutdown.
   */
  static boolean plantedLoseQueued;

  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CountDownLatch shutdownDone = new CountDownLatch(1);

  private WorkerPool(Builder<J> b, Context parent) {
    this.name = b.name != null ? b.name : "pool-" + POOLS.incrementAndGet();
    this.handler = b.handler;
    this.queue = Channel.buffered(b.capacity);
    TaskGroup.Builder gb = TaskGroup.builder().kind("worker-pool").name(name);
    this.group = (b.virtual ? gb.virtualThreads() : gb.platformThreads()).open(parent);
    // A cancelled pool accepts nothing more: wake and refuse blocked submitters.
    this.closeOnCancel = group.context().onDone(queue::close);
    this.counters = new WorkerCounters[b.workers];
    for (int i = 0; i < b.workers; i++) {
      WorkerCounters mine = new WorkerCounters();
      counters[i] = mine;
      group.go(c -> work(c, mine));
    }
  }

  /**
   * A builder for a pool that runs {@code handler} on each job.
   *
   * @throws NullPointerException if {@code handler} is null
   */
  public static <J> Builder<J> builder(JobHandler<J> handler) {
    return new Builder<>(Objects.requireNonNull(handler, "handler"));
  }

  /** The pool's name, the prefix of its workers' names. */
  public String name() {
    return name;
  }

  /** The pool's context, which every job receives; done once the pool is cancelled. */
  public Context context() {
    return group.context();
  }

  /**
   * Submits {@code job}, blocking while the queue is full (or, with capacity 0, until a worker takes it).
   *
   * @throws NullPointerException if an argument is null
   * @throws PoolClosedException if the pool is closed or closes while waiting; the job was not accepted
   * @throws CancelledException if {@code ctx} is done or the thread is interrupted (flag kept) before the job was
   *     accepted
   */
  public void submit(Context ctx, J job) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(job, "job");
    if (queue.isClosed()) {
      throw rejectClosed(); // before looking at ctx: "closed" is the more useful answer once the pool is shut
    }
    try {
      queue.send(ctx, job);
    } catch (ChannelClosedException e) {
      throw rejectClosed();
    } catch (CancelledException e) {
      rejected.increment();
      throw e;
    }
    submitted.increment();
  }

  /**
   * Submits {@code job} if the pool can accept it within {@code timeout} (zero: only if it can at once).
   *
   * @throws NullPointerException if an argument is null
   * @throws PoolFullException if no capacity freed up within the timeout; the job was not accepted
   * @throws PoolClosedException if the pool is closed or closes while waiting
   * @throws CancelledException if the thread is interrupted while waiting (flag kept)
   */
  public void trySubmit(J job, Duration timeout) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(timeout, "timeout");
    boolean accepted;
    try {
      accepted = timeout.isPositive()
          ? queue.trySend(Context.background(), job, timeout)
          : queue.trySend(job);
    } catch (ChannelClosedException e) {
      throw rejectClosed();
    } catch (CancelledException e) {
      rejected.increment();
      throw e;
    }
    if (!accepted) {
      rejected.increment();
      throw new PoolFullException("pool " + name + " had no free worker or queue slot within " + timeout);
    }
    submitted.increment();
  }

  /** The group the workers run in; for tests. */
  TaskGroup group() {
    return group;
  }

  /** A snapshot of the counters (see {@link PoolStats} for what each means and when they add up). */
  public PoolStats stats() {
    long started = 0;
    long completed = 0;
    long failed = 0;
    long never = neverStarted.sum();
    long cancelled = never;
    for (WorkerCounters w : counters) {
      // Each worker's "started" is read last: a job counted as ended is then always counted as started too.
      long c = w.completed();
      long f = w.failed();
      long x = w.cancelled();
      started += Math.max(w.started(), c + f + x);
      completed += c;
      failed += f;
      cancelled += x;
    }
    long active = started - completed - failed - (cancelled - never);
    return new PoolStats(submitted.sum(), completed, failed, cancelled, rejected.sum(), queue.size(),
        (int) Math.max(0, active));
  }

  /** The first job failure so far, if any; {@link #closeNow()} does not throw it, so look here. */
  public Optional<Throwable> firstFailure() {
    failureLock.lock();
    try {
      return Optional.ofNullable(firstFailure);
    } finally {
      failureLock.unlock();
    }
  }

  /**
   * Graceful shutdown: stops accepting (blocked submitters get {@link PoolClosedException}), runs every accepted job,
   * and returns when every worker has ended. The first call does this; others wait until it is finished. Waits even
   * when interrupted, keeping the interrupt.
   *
   * @throws TaskFailedException if a job failed: the first failure is the cause, later ones are suppressed
   * @throws CancelledException if the pool's context was cancelled (by its parent) before every accepted job ran;
   *     the message says how many never started, and they are counted in {@link PoolStats#cancelled()}
   * @throws IllegalStateException if called from a job of this pool (it would wait for itself); the pool is then not
   *     shut down
   */
  @Override
  public void close() {
    group.checkNotOwnTask("close");
    if (!shutdownStarted.compareAndSet(false, true)) {
      awaitShutdown();
      return;
    }
    List<J> left;
    try {
      queue.close();
      left = finish();
    } finally {
      shutdownDone.countDown();
    }
    TaskFailedException failure = failureException();
    if (failure != null) {
      throw failure;
    }
    if (!left.isEmpty()) {
      throw new CancelledException("pool " + name + " was cancelled; " + left.size()
          + " accepted jobs never started", context().cause());
    }
  }

  /**
   * Immediate shutdown: stops accepting, cancels the pool's context (in-flight jobs see it done and their threads are
   * interrupted), waits until every worker has ended, and returns the accepted jobs that never started, oldest first.
   * Does not throw job failures: see {@link #firstFailure()} and {@link #stats()}. If the pool was already shut
   * down, waits for that and returns an empty list.
   *
   * @throws IllegalStateException if called from a job of this pool (it would wait for itself)
   */
  public List<J> closeNow() {
    group.checkNotOwnTask("close");
    if (!shutdownStarted.compareAndSet(false, true)) {
      awaitShutdown();
      return List.of();
    }
    try {
      queue.close();
      group.cancel();
      return finish();
    } finally {
      shutdownDone.countDown();
    }
  }

  @Override
  public String toString() {
    PoolStats s = stats();
    return "WorkerPool[" + name + ", active=" + s.active() + ", queued=" + s.queued()
        + (shutdownStarted.get() ? ", closed" : "") + "]";
  }

  /** Waits for the workers, releases the context and collects the jobs that never started. */
  private List<J> finish() {
    group.awaitEnded(); // every worker has drained the queue (or stopped on cancel); waits even when interrupted
    try {
      group.close();
    } catch (TaskFailedException e) {
      // Only a fault of the worker loop itself gets here (job failures are caught and counted): report it too.
      recordFailure(e.getCause());
    }
    closeOnCancel.close();
    List<J> left = new ArrayList<>(notStarted);
    notStarted.clear();
    if (!plantedLoseQueued) {
      left.addAll(queue.drainBuffer());
    }
    neverStarted.add(left.size());
    return left;
  }

  private void awaitShutdown() {
    Latches.awaitUninterruptibly(shutdownDone);
  }

  private PoolClosedException rejectClosed() {
    rejected.increment();
    return new PoolClosedException("pool " + name + " is closed");
  }

  /** A worker: takes jobs until the queue is closed and drained, or the pool is cancelled. */
  private void work(Context ctx, WorkerCounters mine) {
    while (true) {
      J job;
      try {
        ctx.throwIfDone();
        // The group interrupts its workers when ctx is cancelled: no need to register with ctx for each wait.
        job = queue.doReceive(ctx, true, false, 0L, false); // null: closed and drained
      } catch (CancelledException e) {
        if (ctx.isDone()) {
          return;
        }
        Thread.interrupted(); // a stray interrupt left by a job, not a stop signal: clear it and go on
        continue;
      }
      if (job == null) {
        return;
      }
      if (ctx.isDone()) {
        notStarted.add(job);
        continue;
      }
      run(ctx, job, mine);
    }
  }

  private void run(Context ctx, J job, WorkerCounters mine) {
    mine.addStarted();
    try {
      handler.handle(ctx, job);
      mine.addCompleted();
    } catch (Throwable t) {
      if (StopRule.obeyed(ctx, t)) {
        mine.addCancelled();
      } else {
        // Errors included (a StackOverflowError of deep recursion, an OutOfMemoryError): the job's stack is gone,
        // the worker goes on, as a ThreadPoolExecutor's pool does. Rethrowing would kill the worker, cancel the pool
        // through its group's first-failure rule and leave accepted jobs neither run nor reported.
        mine.addFailed();
        recordFailure(t);
      }
    } finally {
      if (!ctx.isDone()) {
        Thread.interrupted(); // do not let one job's interrupt leak into the next
      }
    }
  }

  private void recordFailure(Throwable t) {
    failureLock.lock();
    try {
      if (firstFailure == null) {
        firstFailure = t;
      } else {
        if (laterFailures == null) {
          laterFailures = new ArrayList<>();
        }
        if (laterFailures.size() < MAX_SUPPRESSED) {
          laterFailures.add(t);
        }
      }
    } finally {
      failureLock.unlock();
    }
  }

  private TaskFailedException failureException() {
    failureLock.lock();
    try {
      if (firstFailure == null) {
        return null;
      }
      long n = stats().failed();
      TaskFailedException e = new TaskFailedException(
          n + " job(s) of pool " + name + " failed; first: " + firstFailure, firstFailure);
      if (laterFailures != null) {
        laterFailures.forEach(e::addSuppressed);
      }
      return e;
    } finally {
      failureLock.unlock();
    }
  }

  /**
   * Settings for a {@link WorkerPool}. Defaults: as many workers as available processors, queue capacity 0 (direct
   * hand-off), virtual threads. Not thread-safe; each {@link #open(Context)} starts a new pool.
   *
   * @param <J> the job type
   */
  public static final class Builder<J> {
    private final JobHandler<J> handler;
    private String name;
    private int workers = Runtime.getRuntime().availableProcessors();
    private int capacity;
    private boolean virtual = true;

    private Builder(JobHandler<J> handler) {
      this.handler = handler;
    }

    /** The pool's name; workers are named {@code <name>/<n>}. Default {@code pool-<n>}. */
    public Builder<J> name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Number of workers.
     *
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public Builder<J> workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1, was " + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Accepted jobs that may wait for a worker; 0 (the default) makes every submit a direct hand-off to a worker.
     *
     * @throws IllegalArgumentException if {@code capacity < 0}
     */
    public Builder<J> queueCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** Run workers on virtual threads (the default). */
    public Builder<J> virtualThreads() {
      this.virtual = true;
      return this;
    }

    /** Run workers on platform threads. */
    public Builder<J> platformThreads() {
      this.virtual = false;
      return this;
    }

    /**
     * Starts the pool; its context is a child of {@code parent}.
     *
     * @throws NullPointerException if {@code parent} is null
     */
    public WorkerPool<J> open(Context parent) {
      Objects.requireNonNull(parent, "parent");
      return new WorkerPool<>(this, parent);
    }
  }
}
