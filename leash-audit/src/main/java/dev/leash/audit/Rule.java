package dev.leash.audit;

/**
 * The audit rules. Their {@link #id()} strings are the leak-pattern ids of the design (plus
 * {@code swallowed-interrupt}) and appear in JSON, SARIF and suppressions ({@code @SuppressWarnings("leash:<id>")},
 * {@code // leash:ignore <id>}). Each has a page at {@code docs/rules/<id>.md}.
 */
public enum Rule {
  /** A task blocks without timeout on something whose owner has no way to cancel it. */
  ORPHANED_CONSUMER(
      "orphaned-consumer",
      "Blocking receive in a task that nobody can cancel",
      "A spawned task blocks in take(), Future.get(), join(), await() or wait() with no timeout, and the thread or"
          + " executor that runs it is never interrupted, cancelled or shut down with shutdownNow(): if the producer"
          + " goes away the task waits forever.",
      "Give the wait a timeout, or keep the task's owner and cancel it (interrupt(), shutdownNow(), a Leash"
          + " TaskGroup closed in try-with-resources)."),
  /** A producer hands off into a queue the consumer may abandon. */
  ABANDONED_PRODUCER(
      "abandoned-producer",
      "Blocking hand-off into a queue the consumer may abandon",
      "A spawned task calls put(), transfer() or exchange() on a hand-off or bounded queue, and the code that should"
          + " drain it can leave early (a poll with timeout, a return or throw before it takes): the producer then"
          + " blocks forever.",
      "Size the buffer to the number of producers, use offer(value, timeout, unit), or a context-aware"
          + " Channel.send(ctx, value)."),
  /** A loop that burns CPU without blocking. */
  BUSY_SPIN(
      "busy-spin",
      "Loop that spins without blocking",
      "A loop polls without ever blocking (poll()/isEmpty()/tryLock() in a loop with no sleep, take or wait), or"
          + " swallows InterruptedException and loops on, so it burns a core and cannot be stopped.",
      "Block instead of polling (take(), poll(timeout), a Condition), and leave the loop when interrupted."),
  /** A blocking call made while holding a lock. */
  LOCK_HELD_BLOCKING(
      "lock-held-blocking",
      "Blocking call while holding a lock",
      "sleep, take, join, Future.get, a latch await or I/O is called inside synchronized or between lock() and"
          + " unlock(): every other thread that needs the lock is blocked behind it (and virtual threads pin their"
          + " carrier on JDK 21-23). wait() on the held monitor and Condition.await() release the lock and are fine.",
      "Shrink the critical section: copy what you need under the lock, unlock, then make the blocking call."),
  /** A scheduler or timer that nobody stops. */
  UNSTOPPED_SCHEDULER(
      "unstopped-scheduler",
      "Scheduler, timer or periodic loop never stopped",
      "A java.util.Timer or ScheduledExecutorService is created and nothing ever cancels or shuts it down, or a"
          + " while(true) { work; sleep; } loop swallows interrupts so nothing can stop it: it runs for the life of"
          + " the JVM.",
      "Keep the scheduler in an owner that cancels or shuts it down on close, or use a Leash Loop closed in"
          + " try-with-resources."),
  /** An executor that nobody shuts down. */
  IDLE_EXECUTOR(
      "idle-executor",
      "Executor never shut down",
      "An executor is created and nothing ever calls shutdown(), shutdownNow() or close() on it: its worker"
          + " threads stay parked waiting for work after the last task.",
      "Close it in try-with-resources (ExecutorService is AutoCloseable since Java 19) or shut it down from its"
          + " owner's close()."),
  /** A socket read with no timeout. */
  STUCK_IO(
      "stuck-io",
      "Socket read without a timeout",
      "A socket or URL connection is read without setSoTimeout()/setReadTimeout(): if the peer stops sending, the"
          + " reading thread blocks forever and interrupting it does not help.",
      "Set a read timeout (socket.setSoTimeout, connection.setReadTimeout) and close the socket when the task is"
          + " cancelled."),
  /** An InterruptedException that is neither restored nor acted on. */
  SWALLOWED_INTERRUPT(
      "swallowed-interrupt",
      "InterruptedException swallowed",
      "A catch of InterruptedException neither restores the interrupt flag nor leaves: the request to stop is lost,"
          + " so the owner's cancel or shutdownNow() cannot end the thread.",
      "Call Thread.currentThread().interrupt() and return, or rethrow (possibly wrapped).");

  private final String id;
  private final String shortDescription;
  private final String fullDescription;
  private final String help;

  Rule(String id, String shortDescription, String fullDescription, String help) {
    this.id = id;
    this.shortDescription = shortDescription;
    this.fullDescription = fullDescription;
    this.help = help;
  }

  /** The public id, e.g. {@code orphaned-consumer}. */
  public String id() {
    return id;
  }

  /** A one-line title. */
  public String shortDescription() {
    return shortDescription;
  }

  /** What the rule detects and why it matters. */
  public String fullDescription() {
    return fullDescription;
  }

  /** How to fix a finding. */
  public String help() {
    return help;
  }

  /**
   * The rule with the given id.
   *
   * @throws IllegalArgumentException if no rule has that id
   */
  public static Rule byId(String id) {
    for (Rule r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown rule id: " + id);
  }
}
