package dev.leash;

/**
 * One child of a {@link Supervisor}: its spec and its runtime state. The fields below {@code spec} are read and
 * written only by the supervisor's control thread; the child's own thread only runs {@link #body}.
 */
final class SupervisedChild {
  /** Where a child is in the supervisor's plan. */
  enum Phase {
    /** Its thread runs and nobody asked it to stop. */
    RUNNING,
    /** Its context was cancelled by the supervisor; its exit is awaited. */
    STOPPING,
    /** Stopped as part of a sibling's group restart; restarts when the whole group has stopped. */
    STOPPED_PENDING,
    /** Waits for its restart time. */
    WAITING,
    /** Gone for good (not to be restarted, or the supervisor is stopping). */
    REMOVED
  }

  /** A child's end, posted by its thread to the control thread. */
  record Exit(SupervisedChild child, int incarnation, Throwable failure, boolean obeyedCancel) {}

  final String name;
  final Supervisor.RestartType type;
  final ContextRunnable fn;
  final int index;

  Phase phase = Phase.REMOVED;
  boolean alive;
  int incarnation;
  int restarts;
  int consecutive;
  long startedAt;
  long restartAt;
  CancellableContext runCtx;
  Thread thread;

  SupervisedChild(String name, Supervisor.RestartType type, ContextRunnable fn, int index) {
    this.name = name;
    this.type = type;
    this.fn = fn;
    this.index = index;
  }

  /** Runs one incarnation on the calling (child) thread and reports how it ended. */
  Exit body(int inc, CancellableContext ctx) {
    Throwable failure = null;
    try (Registration r = ctx.interruptOnDone()) {
      fn.run(ctx);
    } catch (Throwable t) {
      failure = t;
    }
    // Decided before the interrupt flag is cleared: the rule looks at it for socket errors.
    boolean obeyed = ctx.isDone() && (failure == null || StopRule.obeyed(ctx, failure));
    Thread.interrupted(); // an interrupt from the binding must not leak into the next use of this thread
    return new Exit(this, inc, obeyed ? null : failure, obeyed);
  }
}
