package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WatchCommandTest {
  /** Collects output and opens a latch when a line starting with a marker was written. */
  static final class Watched extends Writer {
    final StringBuilder text = new StringBuilder();
    final CountDownLatch baseline = new CountDownLatch(1);
    final CountDownLatch triaged = new CountDownLatch(1);

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
      text.append(cbuf, off, len);
      if (text.indexOf("\nbaseline ") >= 0 || text.indexOf("baseline ") == 0) {
        baseline.countDown();
      }
      if (text.indexOf("triage: ") >= 0) {
        triaged.countDown();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    synchronized String text() {
      return text.toString();
    }
  }

  @Test
  void alertsCapturesAndTriagesWhenTheCountDoublesThenStopsWhenTheJvmEnds(@TempDir Path dir) throws Exception {
    Watched w = new Watched();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread watcher;
    try (Child c = Child.grower()) {
      CommandLine cl = Main.newCommandLine();
      cl.setOut(new PrintWriter(w, true));
      cl.setErr(new PrintWriter(w, true));
      watcher = new Thread(() -> exit.complete(cl.execute("watch", Long.toString(c.pid()), "--interval", "100ms",
          "--baseline-samples", "2", "--alert-factor", "2", "--dir", dir.toString(), "--duration", "2m")),
          "watch-under-test");
      watcher.start();
      assertThat(w.baseline.await(60, TimeUnit.SECONDS)).as(w.text()).isTrue();
      c.grow(60);
      assertThat(w.triaged.await(60, TimeUnit.SECONDS)).as(w.text()).isTrue();
    }
    assertThat(exit.get(60, TimeUnit.SECONDS)).as(w.text()).isEqualTo(1);
    watcher.join();
    String out = w.text();
    assertThat(out).contains("baseline sample 1/2").contains("ALERT: ").contains("orphaned-consumer")
        .contains("60 x orphaned-consumer WAITING at fixture.Grower").contains("ended");
    try (var files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).anyMatch(n -> n.endsWith(".json")).anyMatch(n -> n.endsWith(".txt"));
    }
  }

  @Test
  void medianAndDurations() {
    assertThat(WatchCommand.median(List.of(5L, 1L, 3L))).isEqualTo(3);
    assertThat(WatchCommand.median(List.of(4L, 2L))).isEqualTo(3);
    assertThat(WatchCommand.parseDuration("--interval", "250ms").toMillis()).isEqualTo(250);
    assertThat(WatchCommand.parseDuration("--interval", "2m").toSeconds()).isEqualTo(120);
  }
}
