package dev.leash.triage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a family of threads grew between two snapshots by more than a healthy pool does.
 *
 * <p>A family is the threads of one known infrastructure family, or else of one folded stack in any state (a pool's
 * workers flip between waiting and timed waiting, so the state is left out). An <em>owner</em> is read from the
 * thread name with its trailing counter removed ({@code pool-7-thread-3} belongs to {@code pool-7-thread},
 * {@code nioEventLoopGroup-3-2} to {@code nioEventLoopGroup-3}); a default {@code Thread-N} name is its own owner.
 *
 * <p>The rule: a family grows when it has more threads in the later snapshot and either at least
 * {@value #MIN_NEW_OWNERS} owners appeared that the earlier snapshot did not have (an executor, a client, a pool or a
 * thread per request), or it gained at least {@value #MIN_ADDED} threads and at least doubled (elastic pools add a
 * few workers under load; a leak keeps adding). One new owner, or a pool warming up by a few threads, is not growth.
 */
final class Growth {
  static final int MIN_NEW_OWNERS = 2;
  static final int MIN_ADDED = 4;

  private static final Pattern TRAILING_COUNTER = Pattern.compile("[-_#. ]?\\d+$");
  private static final Pattern DEFAULT_NAME = Pattern.compile("Thread-\\d+");

  /** Threads and owners of one family in one snapshot. */
  static final class Tally {
    int threads;
    final Set<String> owners = new HashSet<>();
  }

  private final Map<Object, Tally> before = new HashMap<>();
  private final Map<Object, Tally> after = new HashMap<>();

  /** The family key of a thread. */
  static Object key(String known, List<String> folded) {
    return known != null ? "known:" + known : folded;
  }

  void countBefore(Object key, String name) {
    add(before, key, name);
  }

  void countAfter(Object key, String name) {
    add(after, key, name);
  }

  private static void add(Map<Object, Tally> m, Object key, String name) {
    Tally t = m.computeIfAbsent(key, k -> new Tally());
    t.threads++;
    t.owners.add(owner(name));
  }

  int before(Object key) {
    Tally t = before.get(key);
    return t == null ? 0 : t.threads;
  }

  int after(Object key) {
    Tally t = after.get(key);
    return t == null ? 0 : t.threads;
  }

  boolean grew(Object key) {
    Tally a = after.get(key);
    if (a == null) {
      return false;
    }
    Tally b = before.get(key);
    int was = b == null ? 0 : b.threads;
    if (a.threads <= was) {
      return false;
    }
    int newOwners = 0;
    for (String o : a.owners) {
      if (b == null || !b.owners.contains(o)) {
        newOwners++;
      }
    }
    return newOwners >= MIN_NEW_OWNERS || (a.threads - was >= MIN_ADDED && a.threads >= 2 * was);
  }

  /** The owner part of a thread name. */
  static String owner(String name) {
    if (DEFAULT_NAME.matcher(name).matches()) {
      return name;
    }
    String s = TRAILING_COUNTER.matcher(name).replaceFirst("");
    return s.isEmpty() ? name : s;
  }
}
