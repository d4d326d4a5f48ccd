package dev.leash.bench;

import com.sun.source.util.JavacTask;
import dev.leash.audit.Audit;
import dev.leash.audit.AuditReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code leash audit} over a generated 200,000-line source tree, beside javac parsing the same tree
 * ({@code javax.tools}, {@code -proc:none}, parse only). Lines per second = {@link #LINES} / time per operation.
 * The audit runs on 2 worker threads (the 2-core budget); javac parses on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
public class AuditBench {
  /** Lines in the generated tree. */
  public static final int LINES = 200_000;
  private static final int FILES = 400;

  private Path dir;
  private List<Path> files;

  /** Generates {@value #FILES} files of 500 lines each into a temporary directory. */
  @Setup(Level.Trial)
  public void generate() throws IOException {
    dir = Files.createTempDirectory("leash-audit-bench");
    files = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      Path pkg = dir.resolve("src/main/java/com/acme/p" + (i % 20));
      Files.createDirectories(pkg);
      Path f = pkg.resolve("Service" + i + ".java");
      Files.writeString(f, source(i % 20, i), StandardCharsets.UTF_8);
      files.add(f);
    }
  }

  /** One 500-line class mixing plain code with executors, threads, locks and interrupt handling. */
  static String source(int pkg, int n) {
    StringBuilder b = new StringBuilder(24_000);
    b.append("package com.acme.p").append(pkg).append(";\n\n")
        .append("import java.util.*;\nimport java.util.concurrent.*;\nimport java.util.concurrent.locks.*;\n\n")
        .append("/** Generated service ").append(n).append(". */\n")
        .append("public class Service").append(n).append(" implements AutoCloseable {\n")
        .append("  private final ExecutorService pool = Executors.newFixedThreadPool(2);\n")
        .append("  private final ReentrantLock lock = new ReentrantLock();\n")
        .append("  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();\n")
        .append("  private volatile boolean running = true;\n\n");
    int lines = 13;
    int m = 0;
    while (lines + 21 + 6 + 1 <= 500) {
      b.append("  /** Method ").append(m).append(". */\n")
          .append("  public int method").append(m).append("(List<String> items, int limit) throws Exception {\n")
          .append("    int total = 0;\n")
          .append("    for (String item : items) {\n")
          .append("      if (item == null || item.isEmpty()) {\n")
          .append("        continue;\n")
          .append("      }\n")
          .append("      total += item.length() * ").append(m + 1).append(";\n")
          .append("    }\n")
          .append("    Future<Integer> f = pool.submit(() -> items.size() + ").append(m).append(");\n")
          .append("    lock.lock();\n")
          .append("    try {\n")
          .append("      total += f.get(1, TimeUnit.SECONDS);\n")
          .append("    } finally {\n")
          .append("      lock.unlock();\n")
          .append("    }\n")
          .append("    try { Thread.sleep(0); } catch (InterruptedException e) {"
              + " Thread.currentThread().interrupt(); }\n")
          .append("    String s = switch (limit) { case 0 -> \"zero\"; case 1 -> \"one\"; default -> \"many\"; };\n")
          .append("    return total + s.length();\n")
          .append("  }\n\n");
      lines += 21;
      m++;
    }
    b.append("  @Override\n  public void close() throws InterruptedException {\n")
        .append("    running = false;\n    pool.shutdown();\n    pool.awaitTermination(5, TimeUnit.SECONDS);\n  }\n");
    lines += 6;
    while (lines < 499) {
      b.append("  // padding\n");
      lines++;
    }
    return b.append("}\n").toString();
  }

  /** Deletes the generated tree. */
  @TearDown(Level.Trial)
  public void delete() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Leash: walk, parse and analyse the tree on 2 worker threads. */
  @Benchmark
  public AuditReport leashAudit() throws Exception {
    AuditReport r = Audit.create().withThreads(2).scan(dir);
    if (r.lines() != LINES || !r.unparsed().isEmpty()) {
      throw new IllegalStateException("generated tree mis-sized: " + r.lines() + " lines, " + r.unparsed());
    }
    return r;
  }

  /** The JDK anchor: javac parses the same files, no annotation processing, no attribution. */
  @Benchmark
  public Object javacParse() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      JavacTask task = (JavacTask) javac.getTask(null, fm, d -> { }, List.of("-proc:none"), null, units);
      int n = 0;
      for (Object unit : task.parse()) {
        n += unit.hashCode() & 1;
      }
      return n;
    }
  }
}
