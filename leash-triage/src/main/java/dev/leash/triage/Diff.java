package dev.leash.triage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What leaked between two moments: the groups of two reports matched by state and folded stack, keeping those that
 * appeared, grew, shrank or went away, sorted by growth (largest growth first, largest shrink last).
 */
public final class Diff {
  private Diff() {}

  private record Key(Thread.State state, List<String> folded) {}

  /**
   * Compares two reports of the same JVM.
   *
   * @throws NullPointerException if an argument is null
   */
  public static List<GroupChange> between(TriageReport before, TriageReport after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Map<Key, StackGroup> b = index(before);
    Map<Key, StackGroup> a = index(after);
    List<GroupChange> out = new ArrayList<>();
    for (Map.Entry<Key, StackGroup> e : a.entrySet()) {
      StackGroup old = b.get(e.getKey());
      int n = e.getValue().count();
      if (old == null) {
        out.add(new GroupChange(e.getValue(), 0, n, "appeared"));
      } else if (n > old.count()) {
        out.add(new GroupChange(e.getValue(), old.count(), n, "grew"));
      } else if (n < old.count()) {
        out.add(new GroupChange(e.getValue(), old.count(), n, "shrank"));
      }
    }
    for (Map.Entry<Key, StackGroup> e : b.entrySet()) {
      if (!a.containsKey(e.getKey())) {
        out.add(new GroupChange(e.getValue(), e.getValue().count(), 0, "gone"));
      }
    }
    out.sort(Comparator.comparingInt(GroupChange::delta).reversed());
    return out;
  }

  private static Map<Key, StackGroup> index(TriageReport r) {
    Map<Key, StackGroup> m = new LinkedHashMap<>();
    for (StackGroup g : r.groups()) {
      m.merge(new Key(g.state(), Frames.foldStack(g.stack())), g, Diff::merge);
    }
    return m;
  }

  /** Two groups with one key (a pattern differs between threads): one group, counts and ids summed. */
  private static StackGroup merge(StackGroup x, StackGroup y) {
    List<Long> ids = new ArrayList<>(x.threadIds());
    ids.addAll(y.threadIds());
    List<String> names = new ArrayList<>(x.threadNames());
    names.addAll(y.threadNames());
    StackGroup big = x.count() >= y.count() ? x : y;
    return new StackGroup(big.pattern(), x.count() + y.count(), big.state(), big.top(), big.appFrame(), ids, names,
        x.virtualCount() + y.virtualCount(), big.stack(), big.advice(), big.lockChain());
  }
}
