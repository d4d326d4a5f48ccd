package dev.leash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The job counters of one {@link WorkerPool} worker. Only that worker writes them, so an increment is a plain add
 * published with a release store: no atomic read-modify-write, no cache line shared with the other workers. Any
 * thread may read them; a reader sees every increment that happened-before its read, and a consistent-enough
 * snapshot when it reads the end counters before {@link #started()}.
 */
final class WorkerCounters extends WorkerCountersPadAfter {
  private static final VarHandle STARTED;
  private static final VarHandle COMPLETED;
  private static final VarHandle FAILED;
  private static final VarHandle CANCELLED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STARTED = l.findVarHandle(WorkerCountersFields.class, "started", long.class);
      COMPLETED = l.findVarHandle(WorkerCountersFields.class, "completed", long.class);
      FAILED = l.findVarHandle(WorkerCountersFields.class, "failed", long.class);
      CANCELLED = l.findVarHandle(WorkerCountersFields.class, "cancelled", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The counters live in the padded layers below (WorkerCountersFields), so that the counters of two workers,
  // allocated one after the other, stay off each other's cache line: padding by class hierarchy, because the JVM
  // keeps a superclass's fields before its subclass's but promises no order inside one class.

  void addStarted() {
    STARTED.setRelease(this, started + 1);
  }

  void addCompleted() {
    COMPLETED.setRelease(this, completed + 1);
  }

  void addFailed() {
    FAILED.setRelease(this, failed + 1);
  }

  void addCancelled() {
    CANCELLED.setRelease(this, cancelled + 1);
  }

  long started() {
    return (long) STARTED.getAcquire(this);
  }

  long completed() {
    return (long) COMPLETED.getAcquire(this);
  }

  long failed() {
    return (long) FAILED.getAcquire(this);
  }

  long cancelled() {
    return (long) CANCELLED.getAcquire(this);
  }
}

/** Padding before a worker's counters. */
abstract class WorkerCountersPadBefore {
  @SuppressWarnings("unused")
  private long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** A worker's counters; see {@link WorkerCounters}. */
abstract class WorkerCountersFields extends WorkerCountersPadBefore {
  long started;
  long completed;
  long failed;
  long cancelled;
}

/** Padding after a worker's counters. */
abstract class WorkerCountersPadAfter extends WorkerCountersFields {
  @SuppressWarnings("unused")
  private long p10, p11, p12, p13, p14, p15, p16, p17;
}
