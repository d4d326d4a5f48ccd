package dev.leash.triage;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Snapshot of the current JVM: JSON dump through HotSpotDiagnosticMXBean, plus ThreadMXBean lock ownership. */
final class InProcessCapture {
  private InProcessCapture() {}

  static ThreadSnapshot capture() throws IOException {
    HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (bean == null) {
      throw new UnsupportedOperationException("this JVM has no HotSpotDiagnosticMXBean");
    }
    Path dir = Files.createTempDirectory("leash-snapshot");
    Path file = dir.resolve("threads.json");
    ThreadSnapshot raw;
    try {
      bean.dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      try (InputStream in = Files.newInputStream(file)) {
        raw = ThreadSnapshot.parse(in, "current JVM");
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
    return withLockOwners(raw, Thread.currentThread().threadId());
  }

  /** Adds daemon flags, owned synchronizers and lock owners of platform threads from ThreadMXBean. */
  private static ThreadSnapshot withLockOwners(ThreadSnapshot raw, long self) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    boolean syncs = mx.isSynchronizerUsageSupported();
    Map<Long, ThreadInfo> infos = new HashMap<>();
    for (ThreadInfo ti : mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), syncs, 0)) {
      if (ti != null) {
        infos.put(ti.getThreadId(), ti);
      }
    }
    List<SnapshotThread> out = new ArrayList<>(raw.threads().size());
    for (SnapshotThread t : raw.threads()) {
      ThreadInfo ti = t.virtual() ? null : infos.get(t.id());
      if (ti == null) {
        out.add(t);
        continue;
      }
      ThreadLocks l = t.locks();
      List<String> owned = new ArrayList<>();
      for (LockInfo li : ti.getLockedSynchronizers()) {
        owned.add(li.getClassName() + "@" + Integer.toHexString(li.getIdentityHashCode()));
      }
      long owner = l.parkBlockerOwner();
      if (owner < 0 && l.parkBlocker() != null && l.parkBlocker().equals(ti.getLockName())) {
        owner = ti.getLockOwnerId();
      }
      ThreadLocks locks = owned.isEmpty() && owner == l.parkBlockerOwner()
          ? l
          : new ThreadLocks(l.blockedOn(), l.waitingOn(), l.parkBlocker(), owner, l.ownedMonitors(), owned);
      out.add(new SnapshotThread(t.id(), t.name(), t.state(), false, ti.isDaemon(), t.stack(), locks,
          t.carrierId()));
    }
    return new ThreadSnapshot(out, raw.source(), raw.truncated(), ProcessHandle.current().pid(), self,
        raw.reportedDeadlocks());
  }
}
