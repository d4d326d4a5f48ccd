package dev.leash;

/** A task that receives the context it must stop on. May throw; the owner receives what it throws. */
@FunctionalInterface
public interface ContextRunnable {
  /**
   * Runs the task.
   *
   * @param ctx done when the task should stop; blocking calls should watch it (or be interrupted by its owner)
   * @throws Exception any failure, reported to the task's owner
   */
  void run(Context ctx) throws Exception;
}
