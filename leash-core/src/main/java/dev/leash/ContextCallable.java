package dev.leash;

/**
 * A task with a result that receives the context it must stop on.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ContextCallable<T> {
  /**
   * Computes the result.
   *
   * @param ctx done when the task should stop
   * @return the result, possibly null
   * @throws Exception any failure, reported to the task's owner
   */
  T call(Context ctx) throws Exception;
}
