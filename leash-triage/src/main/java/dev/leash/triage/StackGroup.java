package dev.leash.triage;

import java.util.List;
import java.util.Objects;

/**
 * Threads with the same (folded) stack, state and pattern.
 *
 * @param pattern the leak shape
 * @param count how many threads
 * @param state their state
 * @param top the blocking call: the library method the application frame called (or the top method)
 * @param appFrame the first application frame, or {@code null} when the stack has none
 * @param threadIds the ids of all threads of the group, in dump order
 * @param threadNames the names of the first threads (at most {@link TriageOptions#maxNamesPerGroup()})
 * @param virtualCount how many of the threads are virtual
 * @param stack the frames of the group's first thread, top first
 * @param advice one line on how to fix this shape
 * @param lockChain who holds the lock these threads wait for, and so on ("" when not applicable)
 */
public record StackGroup(
    LeakPattern pattern,
    int count,
    Thread.State state,
    String top,
    String appFrame,
    List<Long> threadIds,
    List<String> threadNames,
    int virtualCount,
    List<String> stack,
    String advice,
    String lockChain) {

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a required component is null
   */
  public StackGroup {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(top, "top");
    threadIds = List.copyOf(threadIds);
    threadNames = List.copyOf(threadNames);
    stack = List.copyOf(stack);
    Objects.requireNonNull(advice, "advice");
    Objects.requireNonNull(lockChain, "lockChain");
  }
}
