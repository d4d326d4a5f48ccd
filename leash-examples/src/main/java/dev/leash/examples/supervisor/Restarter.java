package dev.leash.examples.supervisor;

import dev.leash.Backoff;
import dev.leash.Context;
import dev.leash.ContextRunnable;
import dev.leash.Supervisor;
import dev.leash.SupervisorEvent;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Seed 004 task 9, fixed with Leash: the child runs under a {@link Supervisor} as a {@link
 * Supervisor.RestartType#TRANSIENT TRANSIENT} child, restarted when it throws (anything, {@code Error}s included,
 * logged with its name) and not when it returns. The restart waits a fixed backoff that parks on the supervisor's
 * context, so {@link Supervisor#close()} cuts it short; {@code close()} cancels the child's context (interrupting
 * it) and returns once every thread has ended.
 */
public final class Restarter {
  private Restarter() {}

  /**
   * Starts a supervisor running {@code fn} as child {@code child}, restarted {@code backoff} after each failure,
   * without limit (the seed has no give-up). The caller owns the result and must close it.
   *
   * @param events receives every start, exit and restart (on the supervisor's control thread; must not block)
   */
  public static Supervisor start(Context parent, String child, Duration backoff, ContextRunnable fn,
      Consumer<SupervisorEvent> events) {
    return Supervisor.builder()
        .name("restarter")
        .backoff(Backoff.fixed(backoff))
        .intensity(Integer.MAX_VALUE, Duration.ofSeconds(1))
        .listener(events)
        .child(child, Supervisor.RestartType.TRANSIENT, fn)
        .start(parent);
  }
}
