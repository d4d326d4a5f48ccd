package dev.leash;

import java.util.Objects;

/**
 * One component of a {@link ServiceGroup}: a long-running body that reports when it is ready, and an optional drain
 * step for graceful shutdown.
 *
 * <p>The group runs {@link #run(Context, Runnable)} on a thread of its own for the component's whole life. The body
 * sets itself up, calls {@code ready.run()} once it can serve (components that depend on it start only then), and
 * keeps running until its context is done. On shutdown the group first calls {@link #drain(Context)} (stop
 * accepting, finish in-flight work), then cancels the body's context, which also interrupts its thread.
 */
@FunctionalInterface
public interface Service {

  /**
   * The component's body. Returning before {@code ready} is called counts as ready (a one-shot set-up step).
   *
   * @param ctx done when the component must stop; blocking calls are interrupted when it is
   * @param ready call once the component is ready; later calls do nothing
   * @throws Exception a failure: before readiness it fails the group's start, after it starts the group's shutdown
   */
  void run(Context ctx, Runnable ready) throws Exception;

  /**
   * Phase one of shutdown: stop accepting new work and finish what is in flight, then return. Runs on a thread of
   * the group while the body still runs; {@code ctx} is done when the drain budget is spent (the thread is then
   * interrupted). The default does nothing.
   *
   * @param ctx done when the drain budget is spent
   * @throws Exception a failure, reported in the {@link ShutdownReport}
   */
  default void drain(Context ctx) throws Exception {}

  /** A service made of a body and a drain step. */
  static Service of(Service body, ContextRunnable drain) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(drain, "drain");
    return new Service() {
      @Override
      public void run(Context ctx, Runnable ready) throws Exception {
        body.run(ctx, ready);
      }

      @Override
      public void drain(Context ctx) throws Exception {
        drain.run(ctx);
      }
    };
  }
}
