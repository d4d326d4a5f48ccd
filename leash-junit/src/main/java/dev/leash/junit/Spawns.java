package dev.leash.junit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Who started each thread: JFR's {@code jdk.ThreadStart} event (recorded by the starting thread, with its stack) for
 * any platform thread, and Leash's own owners ({@code dev.leash.Leash.tasks()}, found by name when leash-core is on the
 * class path at run time) for their tasks, virtual ones included.
 *
 * <p>One JFR stream per JVM, started on first use by a check that wants spawn sites. JFR has no such event for virtual
 * threads ({@code jdk.VirtualThreadStart} carries the new thread's own stack), so a virtual thread started outside a
 * Leash owner has no spawn site. Events reach the stream in batches; before a report is written, {@link #known()}
 * waits for the next batch (up to two seconds) so the leaked threads' starts are in it.
 */
final class Spawns {
  private static final AtomicReference<Spawns> INSTANCE = new AtomicReference<>();
  private static final int MAX_SPAWNS = 100_000;
  private static final int MAX_FRAMES = 24;
  private static final Map<String, Optional<Class<?>>> SETUP_METHODS = new ConcurrentHashMap<>();

  /**
   * How a thread was started.
   *
   * @param parent the id of the thread that started it, or -1 when not known
   * @param frames the starting stack, top first, as {@code class.method(line N)} (or one Leash spawn-site frame)
   */
  record Spawn(long parent, List<String> frames) {
    /** The first frame outside the JDK and Leash's runtime: the code that started the thread; null if none. */
    String site() {
      for (String f : frames) {
        if (!Detector.isPlumbing(f)) {
          return f;
        }
      }
      return null;
    }

    /** The first three frames outside the JDK and Leash's runtime: threads with different keys have different owners. */
    String key() {
      StringBuilder sb = new StringBuilder();
      int n = 0;
      for (String f : frames) {
        if (!Detector.isPlumbing(f) && n++ < 3) {
          sb.append(f).append(';');
        }
      }
      return sb.toString();
    }

    /** The first constructor outside the JDK and Leash among the first few frames that started it, or null. */
    String constructor() {
      int n = 0;
      for (String f : frames) {
        if (Detector.isPlumbing(f)) {
          continue;
        }
        if (f.contains(".<init>(")) {
          return f;
        }
        if (++n == 6) {
          break;
        }
      }
      return null;
    }

    /** What started it in JDK terms: the first JDK method called by the spawn site (e.g. an executor's execute). */
    String via() {
      String last = null;
      for (String f : frames) {
        if (!Detector.isPlumbing(f)) {
          return last;
        }
        if (f.startsWith("java.") && !f.startsWith("java.lang.Thread.")) {
          last = f;
        }
      }
      return last;
    }

    /**
     * True when the thread belongs to the run rather than to {@code testClass}: a frame of its start is a static
     * initializer, or the class setup of a shared fixture ({@code @BeforeAll}/{@code @BeforeClass} of a class that is
     * not {@code testClass} or one of its superclasses, or an extension's {@code beforeAll}). The test class's own
     * class setup is the class's, checked when the class ends.
     *
     * @param testClass the class being checked, or null at the end of the run
     */
    boolean fromSuiteSetup(Class<?> testClass) {
      for (String f : frames) {
        if (Detector.isPlumbing(f)) {
          continue;
        }
        if (f.contains(".<clinit>(")) {
          return true;
        }
        Class<?> setup = setupClass(f);
        if (setup != null && (testClass == null || !setup.isAssignableFrom(testClass))) {
          return true;
        }
      }
      return false;
    }

    /** True when the stack shows a call of {@code method} (a JDK method, {@code class.method}). */
    boolean calls(String method) {
      for (String f : frames) {
        if (f.startsWith(method + "(")) {
          return true;
        }
      }
      return false;
    }
  }

  private final Map<Long, Spawn> spawns = new ConcurrentHashMap<>();
  private final AtomicReference<CountDownLatch> nextFlush = new AtomicReference<>(new CountDownLatch(1));

  private Spawns() {}

  /** Starts the JVM-wide JFR stream if it is not running yet; false (and no stream) where JFR cannot run. */
  static boolean ensureStarted() {
    if (INSTANCE.get() != null) {
      return true;
    }
    Spawns s = new Spawns();
    if (!INSTANCE.compareAndSet(null, s)) {
      return true;
    }
    try {
      RecordingStream rs = new RecordingStream();
      rs.enable("jdk.ThreadStart").withStackTrace();
      rs.onEvent("jdk.ThreadStart", s::record);
      rs.onFlush(() -> s.nextFlush.getAndSet(new CountDownLatch(1)).countDown());
      rs.setMaxAge(Duration.ofSeconds(10));
      rs.startAsync(); // JFR's own threads; classified jvm by leash-triage. Stops with the JVM.
      return true;
    } catch (RuntimeException | Error e) {
      System.err.println("leash: JFR is not available (" + e + "); leak reports name spawn sites of Leash tasks only.");
      return false;
    }
  }

  /** Whether the JFR stream runs in this JVM. */
  static boolean jfrOn() {
    return INSTANCE.get() != null;
  }

  /**
   * Spawns known so far (thread id to spawn), after waiting for JFR events in flight; Leash owners' tasks are added
   * (their spawn site wins over JFR's, which only sees the owner's plumbing).
   */
  static Map<Long, Spawn> known() {
    return known(Set.of());
  }

  /**
   * As {@link #known()}, waiting (for up to three JFR flushes, about three seconds) until the start of every thread of
   * {@code wanted} has arrived. Threads started before the stream ran never arrive: the wait is bounded.
   */
  static Map<Long, Spawn> known(Set<Long> wanted) {
    Map<Long, Spawn> out = new HashMap<>();
    Spawns s = INSTANCE.get();
    if (s != null) {
      try {
        boolean have = !wanted.isEmpty() && s.spawns.keySet().containsAll(wanted);
        for (int flush = 0; flush < 3 && !have; flush++) {
          have = !s.nextFlush.get().await(2, TimeUnit.SECONDS) || s.spawns.keySet().containsAll(wanted);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.putAll(s.spawns);
    }
    out.putAll(LeashOwners.spawns());
    return out;
  }

  private void record(RecordedEvent e) {
    RecordedThread started = e.getThread("thread");
    if (started == null || e.getStackTrace() == null || spawns.size() >= MAX_SPAWNS) {
      return;
    }
    List<String> frames = new ArrayList<>();
    for (RecordedFrame f : e.getStackTrace().getFrames()) {
      if (frames.size() == MAX_FRAMES) {
        break;
      }
      frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName() + "(line " + f.getLineNumber()
          + ")");
    }
    RecordedThread parent = e.getThread("parentThread");
    spawns.put(started.getJavaThreadId(), new Spawn(parent != null ? parent.getJavaThreadId() : -1, List.copyOf(frames)));
  }

  /**
   * The class declaring {@code frame}'s method when that method is class setup: annotated {@code @BeforeAll}
   * (Jupiter) or {@code @BeforeClass} (JUnit 4), or the {@code beforeAll} of a Jupiter {@code BeforeAllCallback}
   * extension; null otherwise.
   */
  static Class<?> setupClass(String frame) {
    int paren = frame.indexOf('(');
    String qualified = paren < 0 ? frame : frame.substring(0, paren);
    int dot = qualified.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    return SETUP_METHODS.computeIfAbsent(qualified, q -> {
      String cls = q.substring(0, dot);
      String method = q.substring(dot + 1);
      try {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        Class<?> c = Class.forName(cls, false, l != null ? l : Spawns.class.getClassLoader());
        if (method.equals("beforeAll") && implementsByName(c, "org.junit.jupiter.api.extension.BeforeAllCallback")) {
          return Optional.of(c);
        }
        for (Method m : c.getDeclaredMethods()) {
          if (m.getName().equals(method)) {
            for (var a : m.getAnnotations()) {
              String n = a.annotationType().getName();
              if (n.equals("org.junit.jupiter.api.BeforeAll") || n.equals("org.junit.BeforeClass")) {
                return Optional.of(c);
              }
            }
          }
        }
      } catch (ReflectiveOperationException | LinkageError ignored) {
        // a class we cannot load is not a test class we could read annotations from
      }
      return Optional.<Class<?>>empty();
    }).orElse(null);
  }

  private static boolean implementsByName(Class<?> c, String iface) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        if (i.getName().equals(iface)) {
          return true;
        }
      }
    }
    return false;
  }
}
