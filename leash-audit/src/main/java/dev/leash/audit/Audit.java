package dev.leash.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Entry point of the static audit: walks a source tree, parses every {@code .java} file in parallel and reports
 * spawn sites and rule findings.
 *
 * <p>Threads: a scan runs on at most {@code min(cores, files)} platform worker threads owned by one executor that is
 * closed (and waited for) before {@link #scan} returns; no thread outlives the call. A file that cannot be read or
 * parsed never fails the scan: it is listed in {@link AuditReport#unparsed()}.
 */
public final class Audit {
  private final int threads;
  private final IntConsumer progress;

  private Audit(int threads, IntConsumer progress) {
    this.threads = threads;
    this.progress = progress;
  }

  /** An audit using every available core and reporting no progress. */
  public static Audit create() {
    return new Audit(Runtime.getRuntime().availableProcessors(), done -> {});
  }

  /**
   * A copy of this audit that uses at most {@code threads} worker threads.
   *
   * @throws IllegalArgumentException if {@code threads} is below 1
   */
  public Audit withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    return new Audit(threads, progress);
  }

  /**
   * A copy of this audit that calls {@code progress} with the number of files done so far (from worker threads,
   * concurrently; it must be thread-safe and fast).
   *
   * @throws NullPointerException if {@code progress} is null
   */
  public Audit withProgress(IntConsumer progress) {
    return new Audit(threads, Objects.requireNonNull(progress, "progress"));
  }

  /**
   * Lists the files {@link #scan} would read, in order.
   *
   * @throws IOException if {@code dir} cannot be walked
   */
  public static List<Path> files(Path dir) throws IOException {
    return SourceTree.javaFiles(SourceTree.root(dir));
  }

  /**
   * Scans every {@code .java} file under {@code dir}.
   *
   * @throws NullPointerException if {@code dir} is null
   * @throws IllegalArgumentException if {@code dir} is not a directory
   * @throws IOException if the directory cannot be walked
   * @throws InterruptedException if interrupted while waiting for the workers (they are stopped first)
   */
  public AuditReport scan(Path dir) throws IOException, InterruptedException {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a directory: " + dir);
    }
    long start = System.nanoTime();
    Path root = SourceTree.root(dir);
    List<Path> files = SourceTree.javaFiles(root);
    List<FileResult> results = analyse(root, files);
    return merge(results, System.nanoTime() - start);
  }

  private List<FileResult> analyse(Path root, List<Path> files) throws IOException, InterruptedException {
    int n = Math.max(1, Math.min(threads, files.size()));
    AtomicInteger names = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "leash-audit-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    try (ExecutorService pool = Executors.newFixedThreadPool(n, factory)) {
      // phase 1: a cheap look at the text of every file (results by file index: no order depends on threads)
      PrePass.Facts[] pre = new PrePass.Facts[files.size()];
      AtomicInteger next = new AtomicInteger();
      runAll(pool, n, () -> {
        for (int i = next.getAndIncrement(); i < pre.length; i = next.getAndIncrement()) {
          try {
            pre[i] = PrePass.scan(FileScanner.readBounded(files.get(i), new String[1]));
          } catch (RuntimeException | StackOverflowError e) {
            pre[i] = PrePass.Facts.EMPTY; // the file is judged (and listed if need be) in phase 2
          }
        }
      });
      Set<String> threadClasses = threadClasses(pre);
      Map<String, SortedSet<SpawnKind>> factories = factories(pre, threadClasses);
      // phase 2: parse and analyse each file
      FileResult[] out = new FileResult[files.size()];
      AtomicInteger cursor = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      runAll(pool, n, () -> {
        FileScanner scanner = new FileScanner(threadClasses, factories);
        for (int i = cursor.getAndIncrement(); i < out.length; i = cursor.getAndIncrement()) {
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          Path file = files.get(i);
          String rel = root.relativize(file).toString().replace('\\', '/');
          try {
            out[i] = scanner.scan(rel, file);
          } catch (RuntimeException | StackOverflowError e) {
            out[i] = FileResult.unparsed(rel, 0, "analysis failed: " + e.getClass().getSimpleName());
          }
          progress.accept(done.incrementAndGet());
        }
      });
      return List.of(out);
    }
  }

  /** Runs {@code n} copies of {@code work} on the pool and waits for all; on interrupt, stops them and rethrows. */
  private static void runAll(ExecutorService pool, int n, Runnable work) throws IOException, InterruptedException {
    List<Future<?>> workers = new ArrayList<>(n);
    for (int w = 0; w < n; w++) {
      workers.add(pool.submit(work));
    }
    try {
      for (Future<?> f : workers) {
        f.get();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      throw e;
    } catch (ExecutionException e) {
      pool.shutdownNow();
      throw new IOException("audit worker failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Simple names of classes whose superclass chain may reach {@code Thread} (by simple names, so an
   * over-approximation that the link phase narrows with fully qualified names), plus {@code SwingWorker:X} for
   * classes that may extend SwingWorker.
   */
  static Set<String> threadClasses(PrePass.Facts[] pre) {
    Map<String, Set<String>> supers = new TreeMap<>();
    for (PrePass.Facts f : pre) {
      for (String[] pair : f.supers()) {
        supers.computeIfAbsent(pair[0], k -> new TreeSet<>()).add(pair[1]);
      }
    }
    Set<String> out = new TreeSet<>();
    for (String c : supers.keySet()) {
      if (reaches(c, "Thread", supers, new HashSet<>())) {
        out.add(c);
      }
      if (reaches(c, "SwingWorker", supers, new HashSet<>())) {
        out.add("SwingWorker:" + c);
      }
    }
    return out;
  }

  private static boolean reaches(String c, String root, Map<String, Set<String>> supers, Set<String> seen) {
    if (!seen.add(c) || seen.size() > 32) {
      return false;
    }
    for (String s : supers.getOrDefault(c, Set.of())) {
      if (s.equals(root) || reaches(s, root, supers, seen)) {
        return true;
      }
    }
    return false;
  }

  /** Method names declared to return a thread, an executor or a timer, with the kinds they may return. */
  static Map<String, SortedSet<SpawnKind>> factories(PrePass.Facts[] pre, Set<String> threadClasses) {
    Map<String, SortedSet<SpawnKind>> out = new TreeMap<>();
    for (PrePass.Facts f : pre) {
      for (String[] pair : f.factories()) {
        SpawnKind k = kindOf(pair[0], threadClasses);
        if (k != null) {
          out.computeIfAbsent(pair[1], x -> new TreeSet<>()).add(k);
        }
      }
    }
    return out;
  }

  private static SpawnKind kindOf(String type, Set<String> threadClasses) {
    if (type.equals("Thread") || threadClasses.contains(type)) {
      return SpawnKind.THREAD;
    }
    if (type.contains("Scheduled") || type.endsWith("Scheduler")) {
      return SpawnKind.SCHEDULER;
    }
    if (type.equals("Timer")) {
      return SpawnKind.TIMER;
    }
    if (type.equals("ForkJoinPool")) {
      return SpawnKind.FORK_JOIN;
    }
    if (type.equals("Executor") || type.endsWith("ExecutorService") || type.endsWith("ThreadPoolExecutor")
        || type.endsWith("EventLoopGroup") || type.equals("QueuedThreadPool") || type.equals("ExecutorThreadPool")) {
      return SpawnKind.EXECUTOR;
    }
    return null;
  }

  private static AuditReport merge(List<FileResult> results, long nanos) {
    long lines = 0;
    List<String> unparsed = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (FileResult r : results) {
      lines += r.lines();
      if (!r.parsed()) {
        unparsed.add(r.file());
        reasons.add(r.reason());
      }
    }
    List<SpawnSite> sites = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (FileResult r : results) {
      findings.addAll(r.findings());
    }
    new Linker(results).link(results, sites, findings);
    Comparator<SpawnSite> bySite = Comparator.comparing(SpawnSite::file).thenComparingInt(SpawnSite::line)
        .thenComparing(s -> s.kind().id()).thenComparing(SpawnSite::trail).thenComparing(SpawnSite::advice)
        .thenComparing(s -> (s.owner() ? 4 : 0) + (s.stop() ? 2 : 0) + (s.waits() ? 1 : 0));
    sites.sort(bySite);
    List<SpawnSite> uniqueSites = new ArrayList<>(sites.size());
    for (SpawnSite s : sites) {
      if (uniqueSites.isEmpty() || !uniqueSites.getLast().equals(s)) {
        uniqueSites.add(s);
      }
    }
    findings.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
        .thenComparing(f -> f.rule().id()).thenComparing(Finding::message));
    List<Finding> uniqueFindings = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Finding last = uniqueFindings.isEmpty() ? null : uniqueFindings.getLast();
      if (last == null || !(last.file().equals(f.file()) && last.line() == f.line() && last.rule() == f.rule())) {
        uniqueFindings.add(f);
      }
    }
    return new AuditReport(results.size(), lines, unparsed, uniqueSites, uniqueFindings, nanos / 1_000_000,
        reasons);
  }
}
