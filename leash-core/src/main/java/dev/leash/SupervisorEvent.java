package dev.leash;

import java.time.Duration;

/**
 * What a {@link Supervisor} reports to its {@linkplain Supervisor.Builder#listener listener}. Events of one supervisor
 * are delivered one at a time, in order, on its control thread: a listener must be quick and must not block.
 */
public sealed interface SupervisorEvent {

  /** The name of the supervisor that emitted the event. */
  String supervisor();

  /**
   * A child incarnation started.
   *
   * @param supervisor the supervisor's name
   * @param child the child's name
   * @param incarnation 1 for the first start, then one more per restart
   */
  record Started(String supervisor, String child, int incarnation) implements SupervisorEvent {}

  /**
   * A child incarnation ended.
   *
   * @param supervisor the supervisor's name
   * @param child the child's name
   * @param failure what it threw, or {@code null} if it returned or obeyed its context
   * @param stopped whether the supervisor had asked it to stop (a sibling's restart, close, give-up)
   */
  record Exited(String supervisor, String child, Throwable failure, boolean stopped) implements SupervisorEvent {}

  /**
   * A child will be restarted after {@code delay}.
   *
   * @param supervisor the supervisor's name
   * @param child the child whose exit caused the restart
   * @param restart how many times this child has been restarted, this one included
   * @param delay the backoff before the restart
   * @param cause the child's failure, or {@code null} if a permanent child returned normally
   */
  record Restarting(String supervisor, String child, int restart, Duration delay, Throwable cause)
      implements SupervisorEvent {}

  /**
   * Restart intensity was exceeded: the supervisor stopped its children and failed with {@code cause}.
   *
   * @param supervisor the supervisor's name
   * @param cause the exception {@link Supervisor#await()} throws
   */
  record GaveUp(String supervisor, SupervisorException cause) implements SupervisorEvent {}
}
