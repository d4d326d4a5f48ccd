package dev.leash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * Triage of big dumps: parse + group + classify a 100,000-virtual-thread JDK JSON dump (~130 MB) with Leash's
 * streaming parser under {@code -Xmx256m}, beside Jackson's full tree parse of the same file
 * ({@link #jacksonTree}, which needs a larger heap), and a 10,000-thread {@code jcmd Thread.print -l} text dump.
 * The dumps are generated into a temporary directory at setup and deleted at teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class TriageBench {
  static final int JSON_THREADS = 100_000;
  static final int TEXT_THREADS = 10_000;

  Path dir;
  Path json;
  Path text;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    dir = Files.createTempDirectory("leash-triage-bench");
    json = dir.resolve("threads-100k.json");
    text = dir.resolve("threads-10k.txt");
    DumpGenerator.writeJson(json, JSON_THREADS);
    DumpGenerator.writeText(text, TEXT_THREADS);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(json);
    Files.deleteIfExists(text);
    Files.deleteIfExists(dir);
  }

  /** Leash: streaming parse, group and classify the 100k-thread JSON dump, in 256 MB of heap. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Xmx256m")
  public TriageReport triageJson() throws IOException {
    TriageReport r = Triage.analyze(ThreadSnapshot.read(json));
    if (r.threads() != JSON_THREADS + 1) {
      throw new IllegalStateException("read " + r.threads());
    }
    return r;
  }

  /** Anchor: Jackson databind reads the whole file into a tree (no grouping at all); needs a bigger heap. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
  public int jacksonTree() throws IOException {
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    int n = 0;
    for (JsonNode c : root.path("threadDump").path("threadContainers")) {
      n += c.path("threads").size();
    }
    if (n != JSON_THREADS + 1) {
      throw new IllegalStateException("read " + n);
    }
    return n;
  }

  /** Leash: parse, group and classify a 10k-thread jcmd Thread.print -l text dump, in 256 MB of heap. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Xmx256m")
  public TriageReport triageText() throws IOException {
    TriageReport r = Triage.analyze(ThreadSnapshot.read(text));
    if (r.threads() != TEXT_THREADS) {
      throw new IllegalStateException("read " + r.threads());
    }
    return r;
  }
}
