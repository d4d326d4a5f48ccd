package dev.leash.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.leash.junit.LeakOptions;
import dev.leash.junit.Leaks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A clean leak check with 50 live JVM threads and 1,000 parked virtual threads that existed before the "test":
 * {@code verifyNone} (thread containers, needs the add-exports the benchmark fork gets), {@code verifyNoneFallback}
 * (no add-exports: a JSON thread dump per check), beside the JDK primitives they are built from.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class LeakCheckBench {
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();
  private LeakOptions baseline;
  private Path dumpDir;

  @Setup
  public void setUp() throws Exception {
    int platform = 50 - Thread.activeCount();
    CountDownLatch parked = new CountDownLatch(Math.max(0, platform) + 1_000);
    for (int i = 0; i < Math.max(0, platform); i++) {
      threads.add(Thread.ofPlatform().daemon().start(() -> park(parked)));
    }
    for (int i = 0; i < 1_000; i++) {
      threads.add(Thread.ofVirtual().start(() -> park(parked)));
    }
    parked.await();
    baseline = LeakOptions.defaults().ignoreCurrent().linger(Duration.ZERO);
    dumpDir = Files.createTempDirectory("leakcheck-bench");
  }

  private void park(CountDownLatch parked) {
    parked.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }
    try (var files = Files.list(dumpDir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dumpDir);
  }

  @Benchmark
  public void verifyNone() {
    Leaks.verifyNone(baseline);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {})
  public void verifyNoneFallback() {
    Leaks.verifyNone(baseline);
  }

  @Benchmark
  public long[] threadMxBeanAllIds() {
    return ManagementFactory.getThreadMXBean().getAllThreadIds();
  }

  @Benchmark
  public long jdkJsonThreadDump() throws IOException {
    Path f = dumpDir.resolve("d.json");
    Files.deleteIfExists(f);
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpThreads(f.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
    return Files.size(f);
  }
}
