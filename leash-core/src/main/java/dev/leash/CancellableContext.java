package dev.leash;

/**
 * A {@link Context} its owner can cancel. Closing it cancels it and detaches it from its parent, so use it with
 * try-with-resources:
 *
 * <pre>{@code
 * try (CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(2))) {
 *   return fetch(ctx, url);
 * }
 * }</pre>
 *
 * <p>Cancelling is idempotent and thread-safe: the first cancellation sets the cause, later ones do nothing.
 */
public sealed interface CancellableContext extends Context, AutoCloseable permits CancelContext {

  /**
   * Cancels this context and every descendant with a {@link CancelledException} cause.
   *
   * @return whether this call cancelled it ({@code false} if it was done already)
   */
  boolean cancel();

  /**
   * Cancels this context and every descendant with {@code cause}, which {@link #cause()} then reports.
   *
   * @return whether this call cancelled it ({@code false} if it was done already)
   */
  boolean cancel(Throwable cause);

  /** Same as {@link #cancel()}; never throws. */
  @Override
  void close();
}
