package dev.leash.triage;

/**
 * The leak shapes Leash names, with their public ids (used in the CLI, JSON reports and audit rules), plus
 * {@link #JVM} for the JVM's own threads and {@link #UNKNOWN} for anything unmatched.
 */
public enum LeakPattern {
  /** A producer blocked handing a value to a queue or exchanger nobody drains. */
  ABANDONED_PRODUCER("abandoned-producer",
      "nobody drains what this thread hands over: size the buffer to the producers, send with the context"
          + " (Channel.send(ctx, v)) or offer with a timeout"),
  /** A consumer waiting for a value, a future, a latch or a notify that will never come. */
  ORPHANED_CONSUMER("orphaned-consumer",
      "nothing will ever wake this wait: close the channel when producers are done, receive with the context,"
          + " bound Future.get / await with the context or a timeout"),
  /** A runnable loop that never blocks (needs two snapshots). */
  BUSY_SPIN("busy-spin",
      "RUNNABLE in the same application frames in both dumps: block on the context instead of polling and honour"
          + " interrupts (do not catch InterruptedException and loop on)"),
  /** A thread holding a lock across a blocking call, or a thread blocked behind such a lock. */
  LOCK_HELD_BLOCKING("lock-held-blocking",
      "a lock is held across a blocking call: shrink the critical section (copy, unlock, then call) or use"
          + " tryLock with a timeout"),
  /** A Timer, scheduleAtFixedRate or sleep loop that was never stopped. */
  UNSTOPPED_SCHEDULER("unstopped-scheduler",
      "a timer or periodic loop nobody stops: run it as a Loop owned by a closed scope, cancel the Timer /"
          + " ScheduledFuture on shutdown"),
  /** Executor workers parked waiting for tasks of a pool never shut down. */
  IDLE_EXECUTOR("idle-executor",
      "an executor nobody shut down: own it in try-with-resources (ExecutorService is AutoCloseable) or close it"
          + " with its owner"),
  /** A socket or stream read with no timeout and nobody to close it. */
  STUCK_IO("stuck-io",
      "I/O without a timeout: set a read timeout and close the socket or stream when the owner is cancelled"),
  /** A cycle of threads each waiting for a lock another one holds. */
  DEADLOCK("deadlock",
      "lock cycle: acquire locks in one global order, or use tryLock with a timeout and back off"),
  /** JVM housekeeping threads, virtual-thread carriers, the dumped process's main: never a leak. */
  JVM("jvm", "JVM housekeeping thread: not a leak"),
  /** Anything the rules do not recognise. */
  UNKNOWN("unknown", "no known leak shape: read the application frame and decide whether the thread should still"
      + " be alive");

  private final String id;
  private final String advice;

  LeakPattern(String id, String advice) {
    this.id = id;
    this.advice = advice;
  }

  /** The public id, e.g. {@code orphaned-consumer}. */
  public String id() {
    return id;
  }

  /** One line of advice for a thread in this shape. */
  public String advice() {
    return advice;
  }

  /** True for the eight leak shapes, false for {@link #JVM} and {@link #UNKNOWN}. */
  public boolean isLeak() {
    return this != JVM && this != UNKNOWN;
  }

  /**
   * The pattern with this id.
   *
   * @throws IllegalArgumentException if no pattern has this id
   */
  public static LeakPattern ofId(String id) {
    for (LeakPattern p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown pattern id: " + id);
  }
}
