package dev.leash.triage;

import java.util.List;
import java.util.Objects;

/**
 * One thread of a {@link ThreadSnapshot}: identity, state, stack and locks, as read from a dump or captured
 * in-process. Immutable.
 *
 * @param id the thread id ({@code Thread.threadId()}); stable for the life of the thread, so two snapshots of the same
 *     JVM can be compared by id
 * @param name the thread name (may be empty, never null)
 * @param state the thread state; when the dump does not say (JDK 21 JSON dumps) it is inferred from the top frames
 * @param virtual true for a virtual thread
 * @param daemon {@code TRUE}/{@code FALSE} when the dump says, {@code null} when it does not
 * @param stack the frames, top first, as {@code class.method(File.java:line)} without module or class loader prefix
 * @param locks what the thread waits for and holds
 * @param carrierId for a mounted virtual thread the id of its carrier, otherwise {@code -1}
 */
public record SnapshotThread(
    long id,
    String name,
    Thread.State state,
    boolean virtual,
    Boolean daemon,
    List<String> stack,
    ThreadLocks locks,
    long carrierId) {

  /**
   * Validates the components. The stack list is kept as given (parsers share identical stacks between threads), so
   * callers must pass an unmodifiable list.
   *
   * @throws NullPointerException if name, state, stack or locks is null
   */
  public SnapshotThread {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(locks, "locks");
  }

  /** The top frame, or {@code ""} for an empty stack. */
  public String topFrame() {
    return stack.isEmpty() ? "" : stack.get(0);
  }
}
