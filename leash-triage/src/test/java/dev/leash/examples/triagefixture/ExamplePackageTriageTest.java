package dev.leash.examples.triagefixture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.triage.LeakPattern;
import dev.leash.triage.Reports;
import dev.leash.triage.SnapshotThread;
import dev.leash.triage.StackGroup;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageOptions;
import dev.leash.triage.TriageReport;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Code in a {@code dev.leash.examples} package is application code to triage: only Leash's runtime ({@code dev.leash}
 * itself and its tool packages) is library. It used to be all of {@code dev.leash.}, so Leash's own examples had no
 * {@code at} line and a spinner was {@code unknown} instead of {@code busy-spin}.
 */
class ExamplePackageTriageTest {

  @Test
  void threadsRunningExampleCodeAreClassifiedWithTheirApplicationFrame() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(1);
    LinkedBlockingQueue<String> nobodyFeeds = new LinkedBlockingQueue<>();
    Thread spinner = Fixture.spinner(new ConcurrentLinkedQueue<>(), stop, running);
    Thread consumer = Fixture.consumer(nobodyFeeds);
    try {
      running.await();
      ThreadSnapshot first = blockedIn(consumer, "LinkedBlockingQueue.take");
      ThreadSnapshot second = ThreadSnapshot.ofCurrentJvm();
      TriageReport r = Triage.analyze(second, first, TriageOptions.DEFAULTS);

      StackGroup spin = groupOf(r, spinner);
      assertThat(spin.pattern()).isEqualTo(LeakPattern.BUSY_SPIN);
      assertThat(spin.appFrame()).startsWith("dev.leash.examples.triagefixture.Fixture.lambda$spinner$");
      StackGroup wait = groupOf(r, consumer);
      assertThat(wait.pattern()).isEqualTo(LeakPattern.ORPHANED_CONSUMER);
      assertThat(wait.appFrame()).startsWith("dev.leash.examples.triagefixture.Fixture.lambda$consumer$");

      StringWriter text = new StringWriter();
      Reports.text(r, text);
      assertThat(text.toString())
          .contains("  at     dev.leash.examples.triagefixture.Fixture.lambda$spinner$")
          .contains(" at dev.leash.examples.triagefixture.Fixture.lambda$consumer$"); // held in both: one line
    } finally {
      stop.set(true);
      consumer.interrupt();
      spinner.join();
      consumer.join();
    }
  }

  @Test
  void leashRuntimeFramesStayLibraryFrames() {
    List<String> stack = List.of(
        "java.util.concurrent.locks.LockSupport.park(LockSupport.java:371)",
        "dev.leash.Channel.receive(Channel.java:120)",
        "dev.leash.TaskGroup$Member.run(TaskGroup.java:88)",
        "dev.leash.triage.Triage.analyze(Triage.java:40)",
        "dev.leash.junit.Detector.check(Detector.java:90)",
        "dev.leash.examples.consumer.LeakyConsumer.lambda$start$0(LeakyConsumer.java:22)",
        "dev.leash.GroupTask.run(GroupTask.java:50)");
    assertThat(Triage.appFrame(stack, TriageOptions.DEFAULTS))
        .isEqualTo("dev.leash.examples.consumer.LeakyConsumer.lambda$start$0(LeakyConsumer.java:22)");
    assertThat(Triage.appFrame(List.of("dev.leashing.Feed.run(Feed.java:3)"), TriageOptions.DEFAULTS))
        .isEqualTo("dev.leashing.Feed.run(Feed.java:3)");
    assertThat(Triage.appFrame(List.of("dev.leash.bench.ChannelBench.send(ChannelBench.java:3)"),
        TriageOptions.DEFAULTS)).isEqualTo("dev.leash.bench.ChannelBench.send(ChannelBench.java:3)");
    assertThat(TriageOptions.DEFAULT_LIBRARY_PREFIXES).containsAll(TriageOptions.LEASH_RUNTIME_PREFIXES)
        .doesNotContain("dev.leash.");
  }

  /** Dumps until {@code t} is parked in {@code frame} (a condition check, bounded): a start does not prove it. */
  private static ThreadSnapshot blockedIn(Thread t, String frame) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      ThreadSnapshot s = ThreadSnapshot.ofCurrentJvm();
      SnapshotThread st = s.thread(t.threadId());
      if (st != null && st.state() == Thread.State.WAITING && st.stack().stream().anyMatch(f -> f.contains(frame))) {
        return s;
      }
      assertThat(System.nanoTime()).as("%s parks in %s", t.getName(), frame).isLessThan(deadline);
    }
  }

  private static StackGroup groupOf(TriageReport r, Thread t) {
    return r.groups().stream().filter(g -> g.threadIds().contains(t.threadId())).findFirst().orElseThrow();
  }
}
