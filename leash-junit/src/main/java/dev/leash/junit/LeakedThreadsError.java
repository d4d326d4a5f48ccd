package dev.leash.junit;

import dev.leash.triage.StackGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * A test (or a {@link Leaks#verifyNone()} call) left threads running. The message groups them by stack and spawn site
 * and gives, for each group, its count, leak pattern id, state, application frame, spawn site where known, one line of
 * advice and the top of its stack: enough to know what to fix without a debugger. Threads that only wait with a
 * timeout are listed apart and do not make it {@link #fails() fail}.
 */
public final class LeakedThreadsError extends AssertionError {
  private static final long serialVersionUID = 1L;

  /** The leaked groups, then the timed waits; not serialized. */
  private final transient List<StackGroup> groups;
  private final boolean fails;
  /** Ids of the threads in timed waits; not serialized. */
  private final transient java.util.Set<Long> timedIds;
  private final boolean proven;

  LeakedThreadsError(String message, List<LeakReport.Entry> leaks, List<LeakReport.Entry> timed) {
    super(message);
    List<StackGroup> all = new ArrayList<>();
    leaks.forEach(e -> all.add(e.group()));
    timed.forEach(e -> all.add(e.group()));
    this.groups = List.copyOf(all);
    this.fails = !leaks.isEmpty();
    java.util.Set<Long> timedIds = new java.util.HashSet<>();
    timed.forEach(e -> timedIds.addAll(e.group().threadIds()));
    this.timedIds = java.util.Set.copyOf(timedIds);
    this.proven = leaks.stream().anyMatch(LeakReport.Entry::proven);
  }

  /** The reported threads grouped by stack and spawn site, leaks (worst first) then timed waits; empty after deserialization. */
  public List<StackGroup> groups() {
    return groups == null ? List.of() : groups;
  }

  /** Ids of the reported threads that only wait with a timeout. */
  java.util.Set<Long> timedIds() {
    return timedIds == null ? java.util.Set.of() : timedIds;
  }

  /**
   * True when a heap proof found at least one reported group leaked: nothing outside its threads can reach what they
   * wait on, so nobody can ever wake or stop them.
   */
  public boolean proven() {
    return proven;
  }

  /** True when a thread leaked; false when the report holds only threads in timed waits, which give up by themselves. */
  public boolean fails() {
    return fails;
  }
}
