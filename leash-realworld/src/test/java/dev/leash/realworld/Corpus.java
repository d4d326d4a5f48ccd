package dev.leash.realworld;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each fixture-mode at most once per test JVM and keeps its {@link Capture}, so every test class asserts on the
 * same dumps (the whole module costs one child JVM per fixture-mode).
 */
final class Corpus {
  /** Requests before the first dump (lazily started pool threads exist by then). */
  static final int WARM_UP = 10;
  /** Requests between the two dumps. */
  static final int MORE = 20;

  private static final Path ROOT = Path.of("target", "corpus");
  private static final Map<String, Capture> RUNS = new ConcurrentHashMap<>();
  private static final java.util.concurrent.locks.ReentrantLock LOCK = new java.util.concurrent.locks.ReentrantLock();

  private Corpus() {}

  static Capture capture(Fixture fixture, boolean leaky) throws Exception {
    String key = fixture.id + "-" + (leaky ? "leaky" : "healthy");
    Capture done = RUNS.get(key);
    if (done != null) {
      return done;
    }
    // Test classes run one at a time; the lock only keeps two callers from starting the same child twice.
    LOCK.lock();
    try {
      done = RUNS.get(key);
      if (done == null) {
        done = run(fixture, leaky, ROOT.resolve(key));
        RUNS.put(key, done);
      }
      return done;
    } finally {
      LOCK.unlock();
    }
  }

  private static Capture run(Fixture fixture, boolean leaky, Path dir) throws Exception {
    Path before = dir.resolve("before.json");
    Path after = dir.resolve("after.json");
    Path heap = dir.resolve("heap.hprof");
    long start = System.nanoTime();
    try (ChildService child = ChildService.start(fixture.id, leaky ? "leaky" : "healthy", dir)) {
      child.load(WARM_UP, "warm-up");
      child.dumpThreads(before);
      child.load(MORE, "more");
      child.dumpThreadsAndHeap(after, heap);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    ThreadDump b = ThreadDump.read(before);
    ThreadDump a = ThreadDump.read(after);
    return new Capture(fixture, leaky, dir, before, after, heap, b, a,
        leaky ? fixture.leakThreads(b) : java.util.Set.of(), leaky ? fixture.leakThreads(a) : java.util.Set.of(),
        WARM_UP + MORE, millis);
  }
}
