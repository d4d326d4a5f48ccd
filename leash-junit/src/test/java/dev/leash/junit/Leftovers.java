package dev.leash.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/** What the leaking fixtures leave behind, so the real test can stop it after asserting the report. */
final class Leftovers {
  private static final ConcurrentLinkedDeque<AutoCloseable> CLEANUPS = new ConcurrentLinkedDeque<>();
  private static final ConcurrentLinkedDeque<Thread> THREADS = new ConcurrentLinkedDeque<>();

  private Leftovers() {}

  static <T extends AutoCloseable> T add(T cleanup) {
    CLEANUPS.push(cleanup);
    return cleanup;
  }

  static Thread thread(Thread t) {
    THREADS.add(t);
    return t;
  }

  /** {@link #cleanUp()} for use between runs inside one test, failing it on an error. */
  static void cleanUpQuietly() {
    try {
      cleanUp();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs every cleanup, interrupts and joins every leaked thread. */
  static void cleanUp() throws Exception {
    List<Exception> failures = new ArrayList<>();
    AutoCloseable c;
    while ((c = CLEANUPS.poll()) != null) {
      try {
        c.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    Thread t;
    while ((t = THREADS.poll()) != null) {
      t.interrupt();
      t.join(10_000);
      if (t.isAlive()) {
        throw new IllegalStateException("fixture thread " + t.getName() + " did not stop");
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
