package dev.leash.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
    return SourceTree.javaFiles(dir);
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
    Path root = dir.toAbsolutePath().normalize();
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
      // phase 1: which classes extend Thread (a subclass's `new` is a spawn site in any file)
      Map<String, String> supers = new ConcurrentHashMap<>();
      AtomicInteger next = new AtomicInteger();
      runAll(pool, n, () -> {
        Map<String, String> local = new HashMap<>();
        for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
          FileScanner.superclasses(FileScanner.read(files.get(i)), local);
        }
        supers.putAll(local);
      });
      Set<String> threadClasses = threadClasses(supers);
      // phase 2: parse and analyse
      FileResult[] out = new FileResult[files.size()];
      AtomicInteger cursor = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      runAll(pool, n, () -> {
        FileScanner scanner = new FileScanner(threadClasses);
        for (int i = cursor.getAndIncrement(); i < out.length; i = cursor.getAndIncrement()) {
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          Path file = files.get(i);
          out[i] = scanner.scan(root.relativize(file).toString().replace('\\', '/'), file);
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

  /** Simple names of classes whose superclass chain reaches {@code Thread}. */
  static Set<String> threadClasses(Map<String, String> supers) {
    Set<String> out = new HashSet<>();
    for (String c : supers.keySet()) {
      String x = supers.get(c);
      for (int depth = 0; x != null && depth < 16; depth++) {
        if (x.equals("Thread")) {
          out.add(c);
          break;
        }
        x = supers.get(x);
      }
    }
    return out;
  }

  private static AuditReport merge(List<FileResult> results, long nanos) {
    long lines = 0;
    List<String> unparsed = new ArrayList<>();
    List<SpawnSite> sites = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (FileResult r : results) {
      lines += r.lines();
      if (!r.parsed()) {
        unparsed.add(r.file());
        continue;
      }
      sites.addAll(r.sites());
      findings.addAll(r.findings());
    }
    Comparator<SpawnSite> bySite = Comparator.comparing(SpawnSite::file).thenComparingInt(SpawnSite::line);
    sites.sort(bySite);
    findings.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
        .thenComparing(f -> f.rule().id()));
    return new AuditReport(results.size(), lines, unparsed, sites, findings, nanos / 1_000_000);
  }
}
