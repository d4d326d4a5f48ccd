package dev.leash;

/**
 * A handle on something registered with a {@link Context}: an {@link Context#onDone(Runnable) onDone} action or an
 * {@link Context#interruptOnDone() interrupt binding}. Closing it unregisters; closing twice is harmless.
 */
public interface Registration extends AutoCloseable {

  /**
   * Unregisters.
   *
   * @return {@code true} if this call prevented the action from running, {@code false} if it had run, was running,
   *     or was already unregistered
   */
  boolean unregister();

  /** Same as {@link #unregister()}. */
  @Override
  default void close() {
    unregister();
  }
}
