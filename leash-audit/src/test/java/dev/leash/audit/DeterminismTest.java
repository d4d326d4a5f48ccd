package dev.leash.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Same tree, same report: many audits of a tree full of colliding simple names, run in parallel, agree byte for byte. */
class DeterminismTest {
  @TempDir Path dir;

  /** Eight packages; in each a {@code Worker} (a Thread in even packages, a Runnable in odd ones) and users of it. */
  private void tree() throws Exception {
    for (int p = 0; p < 8; p++) {
      Path pkg = Files.createDirectories(dir.resolve("src/p" + p));
      String worker = p % 2 == 0
          ? "public class Worker extends Thread { public void run() { } }"
          : "public class Worker implements Runnable { public void run() { } }";
      Files.writeString(pkg.resolve("Worker.java"), "package p" + p + ";\n" + worker + "\n");
      Files.writeString(pkg.resolve("Pool.java"), """
          package p%d;
          import java.util.concurrent.*;
          public class Pool implements AutoCloseable {
            private final ExecutorService executor;
            public Pool(ExecutorService executor) { this.executor = executor; }
            public static ExecutorService make() { return Executors.newFixedThreadPool(2); }
            public void close() { %s }
          }
          """.formatted(p, p % 3 == 0 ? "executor.shutdown();" : ""));
      for (int u = 0; u < 6; u++) {
        int other = (p + u) % 8;
        Files.writeString(pkg.resolve("User" + u + ".java"), """
            package p%d;
            import java.util.concurrent.*;
            %s
            class User%d {
              private final Pool pool = new Pool(Pool.make());
              void go() throws InterruptedException {
                Worker w = new Worker();
                %s
                ExecutorService ex = Executors.newSingleThreadExecutor();
                ex.execute(() -> { });
                new Pool(ex);
              }
            }
            """.formatted(p, u % 2 == 0 ? "" : "import p" + other + ".Worker;", u,
            u % 3 == 0 ? "w.run();" : "new Thread(w).start();"));
      }
    }
  }

  @Test
  @Timeout(120)
  void parallelAuditsGiveByteIdenticalJson() throws Exception {
    tree();
    String first = ReportFormat.JSON.render(Audit.create().withThreads(2).scan(dir));
    assertThat(first).contains("\"kind\": \"thread\"", "\"trail\": \"handed to new Pool(...)");
    int runs = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> reports = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < runs; i++) {
        int threads = 1 + i % 3;
        reports.add(pool.submit(() -> {
          go.await();
          return ReportFormat.JSON.render(Audit.create().withThreads(threads).scan(dir));
        }));
      }
      go.countDown();
      for (Future<String> f : reports) {
        assertThat(f.get(100, TimeUnit.SECONDS)).isEqualTo(first);
      }
    }
  }
}
