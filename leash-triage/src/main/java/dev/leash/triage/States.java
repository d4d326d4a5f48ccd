package dev.leash.triage;

import java.util.List;

/** Infers a thread state from its top frames when the dump does not give one (JDK 21 JSON dumps). */
final class States {
  private States() {}

  static Thread.State infer(List<String> stack, boolean blockedOnMonitor) {
    if (blockedOnMonitor) {
      return Thread.State.BLOCKED;
    }
    int n = Math.min(stack.size(), 6);
    for (int i = 0; i < n; i++) {
      String m = Frames.method(stack.get(i));
      if (m.endsWith(".sleep") || m.endsWith(".sleepNanos") || m.endsWith(".sleep0") || m.endsWith(".parkNanos")
          || m.endsWith(".awaitNanos")) {
        return Thread.State.TIMED_WAITING;
      }
      if (m.endsWith("Unsafe.park") || m.endsWith("LockSupport.park") || m.endsWith("VirtualThread.park")
          || m.startsWith("java.lang.Object.wait") || m.endsWith(".await")) {
        return Thread.State.WAITING;
      }
    }
    return Thread.State.RUNNABLE;
  }
}
