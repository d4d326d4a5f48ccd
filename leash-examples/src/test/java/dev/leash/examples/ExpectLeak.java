package dev.leash.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.junit.LeakOptions;
import dev.leash.junit.LeakedThreadsError;
import dev.leash.junit.Leaks;
import dev.leash.triage.StackGroup;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Test helper: snapshot the live threads, then prove a leak (with its pattern ids) or its absence. */
public final class ExpectLeak {
  private final LeakOptions options;

  private ExpectLeak() {
    options = LeakOptions.defaults().ignoreCurrent().linger(Duration.ofMillis(200));
  }

  /** Snapshots every thread alive now; only threads started later count. */
  public static ExpectLeak snapshot() {
    return new ExpectLeak();
  }

  /** Runs the leak check and returns the leaked threads per pattern id; fails if nothing leaked. */
  public Map<String, Integer> leaked() {
    try {
      Leaks.verifyNone(options);
    } catch (LeakedThreadsError e) {
      Map<String, Integer> byId = new TreeMap<>();
      for (StackGroup g : e.groups()) {
        byId.merge(g.pattern().id(), g.count(), Integer::sum);
      }
      return byId;
    }
    throw new AssertionError("expected a leak, the leak check found none");
  }

  /** Asserts that the leak check reports leaked threads with (at least) these pattern ids. */
  public Map<String, Integer> assertLeaks(String... patternIds) {
    Map<String, Integer> byId = leaked();
    assertThat(byId).as("leaked threads by pattern").containsKeys(patternIds);
    return byId;
  }

  /** Asserts that no thread started since the snapshot is alive (after up to 200 ms). */
  public void assertNone() {
    Leaks.verifyNone(options);
  }
}
