package dev.leash.junit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Threads that belong to the JVM's run rather than to a test: started from a static initializer, {@code @BeforeAll}
 * or {@code @BeforeClass} (a fixture shared by the suite). Checks leave them out; the end-of-run check reports the
 * ones still alive once per JVM, as a notice.
 */
final class SuiteThreads {
  private static final Set<Long> IDS = ConcurrentHashMap.newKeySet();
  private static final Set<Long> REPORTED = ConcurrentHashMap.newKeySet();

  private SuiteThreads() {}

  static void add(long id) {
    IDS.add(id);
  }

  /** Suite-scoped threads seen so far and not reported yet. */
  static Set<Long> unreported() {
    Set<Long> out = ConcurrentHashMap.newKeySet();
    for (Long id : IDS) {
      if (!REPORTED.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  static void reported(Set<Long> ids) {
    REPORTED.addAll(ids);
  }

  /** Every suite-scoped thread seen (reported or not), so later checks do not count them again. */
  static Set<Long> all() {
    return Set.copyOf(IDS);
  }
}
