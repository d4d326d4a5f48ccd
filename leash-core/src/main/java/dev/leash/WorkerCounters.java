package dev.leash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The job counters of one {@link WorkerPool} worker. Only that worker writes them, so an increment is a plain add
 * published with a release store: no atomic read-modify-write, no cache line shared with the other workers. Any
 * thread may read them; a reader sees every increment that happened-before its read, and a consistent-enough
 * snapshot when it reads the end counters before {@link #started()}.
 */
final class WorkerCounters {
  private static final VarHandle STARTED;
  private static final VarHandle COMPLETED;
  private static final VarHandle FAILED;
  private static final VarHandle CANCELLED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STARTED = l.findVarHandle(WorkerCounters.class, "started", long.class);
      COMPLETED = l.findVarHandle(WorkerCounters.class, "completed", long.class);
      FAILED = l.findVarHandle(WorkerCounters.class, "failed", long.class);
      CANCELLED = l.findVarHandle(WorkerCounters.class, "cancelled", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Padding keeps the counters of two workers, allocated one after the other, off each other's cache line.
  @SuppressWarnings("unused")
  private long p0, p1, p2, p3, p4, p5, p6;
  private long started;
  private long completed;
  private long failed;
  private long cancelled;
  @SuppressWarnings("unused")
  private long q0, q1, q2, q3, q4, q5, q6;

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
