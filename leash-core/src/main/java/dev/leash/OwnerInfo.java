package dev.leash;

import java.util.List;

/**
 * A snapshot of one owner of tasks (a task group, a loop, a pool) and its live tasks, as {@link Leash#tasks()} sees
 * it.
 *
 * @param kind what the owner is, e.g. {@code task-group}
 * @param name the owner's name, the prefix of its threads' names
 * @param cancelled whether the owner's context is done (its tasks should be stopping)
 * @param tasks the tasks alive when the snapshot was taken
 */
public record OwnerInfo(String kind, String name, boolean cancelled, List<TaskInfo> tasks) {
  /** Copies {@code tasks}. */
  public OwnerInfo {
    tasks = List.copyOf(tasks);
  }
}
