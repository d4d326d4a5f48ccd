package dev.leash.junit;

import dev.leash.triage.StackGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A test (or a {@link Leaks#verifyNone()} call) left threads running. The message groups them by stack and gives,
 * for each group, its count, leak pattern id, state, application frame, spawn site where known, one line of advice
 * and the top of its stack: enough to know what to fix without a debugger.
 */
public final class LeakedThreadsError extends AssertionError {
  private static final long serialVersionUID = 1L;
  private static final int FRAMES = 8;

  /** The leaked groups; not serialized. */
  private final transient List<StackGroup> groups;

  LeakedThreadsError(String what, Duration linger, List<StackGroup> groups, Map<Long, String> spawnSites) {
    super(message(what, linger, groups, spawnSites));
    this.groups = List.copyOf(groups);
  }

  /** The leaked threads grouped by stack, worst first; empty after deserialization. */
  public List<StackGroup> groups() {
    return groups == null ? List.of() : groups;
  }

  private static String message(String what, Duration linger, List<StackGroup> groups, Map<Long, String> sites) {
    int threads = groups.stream().mapToInt(StackGroup::count).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(threads).append(threads == 1 ? " thread" : " threads").append(" leaked by ").append(what)
        .append(" (still alive ").append(millis(linger)).append(" after it ended):\n");
    for (StackGroup g : groups) {
      sb.append('\n').append("  ").append(g.count()).append(" x ").append(g.pattern().id()).append(", ")
          .append(g.state()).append(": ").append(String.join(", ", g.threadNames()));
      if (g.count() > g.threadNames().size()) {
        sb.append(", ...");
      }
      sb.append('\n');
      if (g.appFrame() != null) {
        sb.append("    at     ").append(g.appFrame()).append('\n');
      }
      String site = g.threadIds().stream().map(sites::get).filter(s -> s != null).findFirst().orElse(null);
      if (site != null) {
        sb.append("    started by ").append(site).append('\n');
      }
      if (!g.top().isEmpty()) {
        sb.append("    in     ").append(g.top()).append('\n');
      }
      if (g.lockChain() != null && !g.lockChain().isEmpty()) {
        sb.append("    locks  ").append(g.lockChain()).append('\n');
      }
      sb.append("    fix    ").append(g.advice()).append('\n');
      List<String> stack = g.stack();
      for (int i = 0; i < Math.min(FRAMES, stack.size()); i++) {
        sb.append("        ").append(stack.get(i)).append('\n');
      }
      if (stack.size() > FRAMES) {
        sb.append("        ... ").append(stack.size() - FRAMES).append(" more\n");
      }
    }
    sb.append("\nStop and wait for these threads before the test ends (close their owner), or, if another part of")
        .append(" the suite owns them, ignore them with @LeakCheck(ignoreThreadNames/ignoreTopFrames/...).");
    return sb.toString();
  }

  private static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
