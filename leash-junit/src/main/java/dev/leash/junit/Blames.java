package dev.leash.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Leaks the platform listener found in tests of other engines, waiting for {@link ReportEngine} to report them as
 * failed tests (fail mode). One queue per JVM: the listener and the engine run in the same launcher.
 */
final class Blames {
  /**
   * A leak to report.
   *
   * @param className the test class that leaked
   * @param methodName the test method, or null for a leak of the class (setup, or a class-scoped check)
   * @param error the report
   */
  record Blame(String className, String methodName, Throwable error) {}

  private static final ConcurrentLinkedQueue<Blame> PENDING = new ConcurrentLinkedQueue<>();
  private static volatile boolean engineRan;

  private Blames() {}

  static void add(Blame b) {
    PENDING.add(b);
  }

  /** Every pending blame, removed from the queue; marks the engine as having run in this test plan. */
  static List<Blame> drain() {
    engineRan = true;
    List<Blame> out = new ArrayList<>();
    Blame b;
    while ((b = PENDING.poll()) != null) {
      out.add(b);
    }
    return out;
  }

  /** Called when a test plan starts. */
  static void planStarted() {
    engineRan = false;
  }

  /** Whether {@link ReportEngine} already ran in the current test plan (so later blames can only be printed). */
  static boolean engineRan() {
    return engineRan;
  }
}
