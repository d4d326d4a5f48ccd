package dev.leash.junit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Spawn sites of any platform thread, from JFR's {@code jdk.ThreadStart} event (recorded by the starting thread with
 * its stack). On with {@code leash.leakcheck.jfrSpawnSites=true}; one JFR stream per JVM, started on first use.
 *
 * <p>JFR has no such event for virtual threads ({@code jdk.VirtualThreadStart} carries the new thread's own stack),
 * so their spawn sites come only from Leash owners. Events reach the stream in batches; before a report is written,
 * {@link #sites()} waits for the next batch (up to two seconds) so the leaked threads' starts are in it.
 */
final class JfrSpawnSites {
  private static final AtomicReference<JfrSpawnSites> INSTANCE = new AtomicReference<>();
  private static final int MAX_SITES = 100_000;

  private final Map<Long, String> sites = new ConcurrentHashMap<>();
  private final AtomicReference<CountDownLatch> nextFlush = new AtomicReference<>(new CountDownLatch(1));

  private JfrSpawnSites() {}

  /** Starts the JVM-wide stream if it is not running yet. */
  static void ensureStarted() {
    if (INSTANCE.get() != null) {
      return;
    }
    JfrSpawnSites s = new JfrSpawnSites();
    if (!INSTANCE.compareAndSet(null, s)) {
      return;
    }
    RecordingStream rs = new RecordingStream();
    rs.enable("jdk.ThreadStart").withStackTrace();
    rs.onEvent("jdk.ThreadStart", s::record);
    rs.onFlush(() -> s.nextFlush.getAndSet(new CountDownLatch(1)).countDown());
    rs.setMaxAge(Duration.ofSeconds(10));
    rs.startAsync(); // JFR's own threads; classified jvm by leash-triage. Stops with the JVM.
  }

  /** Spawn sites known so far (thread id to frame), after waiting for events in flight; empty when off. */
  static Map<Long, String> sites() {
    JfrSpawnSites s = INSTANCE.get();
    if (s == null) {
      return Map.of();
    }
    try {
      s.nextFlush.get().await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return s.sites;
  }

  private void record(RecordedEvent e) {
    RecordedThread started = e.getThread("thread");
    if (started == null || e.getStackTrace() == null || sites.size() >= MAX_SITES) {
      return;
    }
    List<RecordedFrame> frames = e.getStackTrace().getFrames();
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        sites.put(started.getJavaThreadId(), type + "." + f.getMethod().getName() + "(line " + f.getLineNumber() + ")");
        return;
      }
    }
  }
}
