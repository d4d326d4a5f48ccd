package dev.leash;

import java.util.concurrent.CountDownLatch;

/** One task of a {@link TaskGroup}: runs its body on its own thread and records how it ended. */
final class GroupTask<T> implements Task<T>, Runnable {
  private final TaskGroup group;
  private final ContextCallable<T> body;
  /** Null for tasks started with {@code go}: nobody joins them. */
  private final CountDownLatch finished;
  final String spawnSite;
  Thread thread;

  private volatile State state = State.RUNNING;
  private T result;
  private Throwable exception;

  GroupTask(TaskGroup group, ContextCallable<T> body, boolean joinable, String spawnSite) {
    this.group = group;
    this.body = body;
    this.finished = joinable ? new CountDownLatch(1) : null;
    this.spawnSite = spawnSite;
  }

  @Override
  public void run() {
    Context ctx = group.context();
    State end;
    try {
      result = body.call(ctx);
      end = State.SUCCESS;
    } catch (Throwable t) {
      exception = t;
      if (StopRule.obeyed(ctx, t)) {
        end = State.CANCELLED;
      } else {
        end = State.FAILED;
        group.recordFailure(t);
      }
    }
    state = end;
    if (finished != null) {
      finished.countDown();
    }
    group.taskEnded(this);
  }

  /** Ends a task that was never started (the nursery rule of a closing group): cancelled, nothing run. */
  void neverRun() {
    exception = CancelledException.of(group.context().cause());
    state = State.CANCELLED;
    if (finished != null) {
      finished.countDown();
    }
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public T join() throws InterruptedException {
    if (finished == null) {
      throw new IllegalStateException("only forked tasks can be joined");
    }
    finished.await();
    return switch (state) {
      case SUCCESS -> result;
      case FAILED -> throw new TaskFailedException("task of " + group.name() + " failed: " + exception, exception);
      case CANCELLED -> throw CancelledException.of(group.context().cause());
      case RUNNING -> throw new AssertionError("finished task is running");
    };
  }

  @Override
  public T resultNow() {
    if (state != State.SUCCESS) {
      throw new IllegalStateException("task has not succeeded: " + state);
    }
    return result;
  }

  @Override
  public Throwable exceptionNow() {
    State s = state;
    if (s != State.FAILED && s != State.CANCELLED) {
      throw new IllegalStateException("task has not failed: " + s);
    }
    return exception;
  }

  @Override
  public String toString() {
    Thread t = thread;
    return "Task[" + (t == null ? "?" : t.getName()) + ", " + state + "]";
  }
}
