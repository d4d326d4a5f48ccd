package dev.leash;

/**
 * A task forked in a {@link TaskGroup}, with its result. The group owns it: closing the group cancels and waits for it.
 *
 * @param <T> the result type
 */
public sealed interface Task<T> permits GroupTask {

  /** Where a task is in its life. */
  enum State {
    /** Not finished yet. */
    RUNNING,
    /** Returned a result. */
    SUCCESS,
    /** Threw an exception or error that the group counts as a failure. */
    FAILED,
    /**
     * Stopped by its context: threw {@link CancelledException}, {@link InterruptedException} or another sign of
     * obeying it (an interrupted I/O call) once it was done; or never started, forked by a task of its group while
     * the group was closing.
     */
    CANCELLED
  }

  /** The current state. */
  State state();

  /** Whether the task has finished, in any way. */
  default boolean isDone() {
    return state() != State.RUNNING;
  }

  /**
   * Waits for the task and returns its result.
   *
   * @throws TaskFailedException if it failed (the failure is the cause)
   * @throws CancelledException if it was stopped by its context
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  T join() throws InterruptedException;

  /**
   * The result of a task that has succeeded.
   *
   * @throws IllegalStateException if it has not succeeded
   */
  T resultNow();

  /**
   * The exception of a task that has failed or was cancelled.
   *
   * @throws IllegalStateException if it is running or succeeded
   */
  Throwable exceptionNow();
}
