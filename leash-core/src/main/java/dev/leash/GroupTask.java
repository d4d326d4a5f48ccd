package dev.leash;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
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
      if (ctx.isDone() && stoppedByContext(t)) {
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

  /** Whether {@code t}, thrown after the context was done, is the task obeying it rather than failing. */
  static boolean stoppedByContext(Throwable t) {
    if (t instanceof CancelledException
        || t instanceof InterruptedException
        || t instanceof ClosedByInterruptException
        || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
      return true;
    }
    // Socket I/O cut short by the group's interrupt (a virtual thread's socket is closed when it is interrupted).
    return t instanceof SocketException && Thread.currentThread().isInterrupted();
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
