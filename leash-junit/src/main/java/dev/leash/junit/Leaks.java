package dev.leash.junit;

import java.util.Objects;
import java.util.Set;

/**
 * Programmatic leak checks, for code that does not use the {@link LeakCheck} extension.
 *
 * <pre>{@code
 * LeakOptions before = LeakOptions.defaults().ignoreCurrent();
 * service.start();
 * service.close();
 * Leaks.verifyNone(before);    // fails if close() left a thread running
 * }</pre>
 *
 * <p>Sees platform and virtual threads. Fast when the JVM runs with
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (the JDK's thread containers list virtual threads in
 * about 0.1 ms per thousand); without it each check takes a JSON thread dump.
 */
public final class Leaks {
  private Leaks() {}

  /**
   * Fails if any thread other than the caller, JVM housekeeping and test-framework threads is alive after lingering
   * {@link LeakOptions#DEFAULT_LINGER}.
   *
   * @throws LeakedThreadsError naming the leaked threads, their pattern and what to do
   */
  public static void verifyNone() {
    verifyNone(LeakOptions.defaults());
  }

  /**
   * Fails if a thread not ignored by {@code options} is alive after lingering {@link LeakOptions#linger()}.
   *
   * @throws LeakedThreadsError naming the leaked threads, their pattern and what to do
   */
  public static void verifyNone(LeakOptions options) {
    Objects.requireNonNull(options, "options");
    LeakedThreadsError e = Detector.check(Set.of(), options, "the code under test");
    if (e != null && e.fails()) {
      throw e;
    }
    if (e != null) {
      System.err.println("leash: " + e.getMessage());
    }
  }

  /** Whether virtual threads are listed cheaply in this JVM (see the class comment). */
  public static boolean fastVirtualThreadListing() {
    return LiveThreads.available();
  }
}
