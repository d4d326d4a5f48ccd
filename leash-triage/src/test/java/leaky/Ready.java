package leaky;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Readiness helpers of the leaky child programs: wait until a thread is really blocked where it should be. */
final class Ready {
  private Ready() {}

  /**
   * Returns once {@code t}'s stack contains a frame whose method name starts with {@code method} (e.g. {@code take}) and, for
   * {@code state} other than null, the thread is in that state. Polls the stack (a condition check, bounded to 20 s),
   * because a latch counted down just before a blocking call does not prove the thread is blocked yet.
   */
  static void await(Thread t, String method, Thread.State state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (state == null || t.getState() == state) {
        for (StackTraceElement e : t.getStackTrace()) {
          if (e.getMethodName().startsWith(method)) {
            return;
          }
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    throw new IllegalStateException(t.getName() + " never reached " + method + " (" + t.getState() + ")");
  }

  /** Prints "ready" and blocks until stdin is closed, then exits (the test ends the child by closing stdin). */
  static void readyThenWait() throws Exception {
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // the parent never writes; end of input means "exit"
    }
    System.exit(0);
  }
}
