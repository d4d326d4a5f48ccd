package dev.leash.audit;

import static dev.leash.audit.Sources.body;
import static dev.leash.audit.Sources.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minimal look-alikes of false alarms found while evaluating the audit on real projects (see BENCHMARKS-audit.md).
 * Each must stay silent.
 */
class FalseAlarmTest {
  @TempDir Path dir;

  @Test
  void mapPutUnderALockIsNotABlockingQueuePut() {
    // rabbitmq-java-client AutorecoveringConnection: synchronized (recordedQueues) { recordedQueues.put(k, v); }
    assertThat(rules(body(dir, """
        private final Map<String, String> recordedQueues = new HashMap<>();
        void f(String k, String v) { synchronized (this.recordedQueues) { this.recordedQueues.put(k, v); } }
        """))).doesNotContain("lock-held-blocking");
  }

  @Test
  void writeLoopWithAnEmptyBodyIsNotASpinWait() {
    // rabbitmq-java-client FrameTest: while (buffer.hasRemaining() && channel.write(buffer) != -1);
    assertThat(rules(body(dir, """
        static void drain(java.nio.channels.WritableByteChannel channel, java.nio.ByteBuffer buffer) throws IOException {
          while (buffer.hasRemaining() && channel.write(buffer) != -1);
        }
        """))).doesNotContain("busy-spin");
  }

  @Test
  void failInsideTheCatchThrows() {
    // rabbitmq-java-client ConfirmBase: catch (InterruptedException e) { fail("interrupted"); }
    assertThat(rules(body(dir, """
        void f() { try { Thread.sleep(1); } catch (InterruptedException e) { fail("interrupted"); } }
        static void fail(String m) { throw new AssertionError(m); }
        """))).doesNotContain("swallowed-interrupt");
  }

  @Test
  void catchAtTheEndOfAThreadsRunEndsTheThread() {
    // rabbitmq-java-client BlockingCellTest: run() { try { sleep; work } catch (InterruptedException e) { } }
    assertThat(rules(body(dir, """
        Runnable r = new Runnable() {
          public void run() {
            try { Thread.sleep(300); } catch (InterruptedException ie) { }
          }
        };
        Runnable l = () -> { try { Thread.sleep(300); } catch (InterruptedException ie) { } };
        """))).doesNotContain("swallowed-interrupt");
  }

  @Test
  void threadRunningABoundedForLoopEndsByItself() {
    // rabbitmq-java-client MultiThreadedChannel: new Thread(() -> { for (int x = 0; x < 100; x++) ... }), joined
    AuditReport r = body(dir, """
        void go() throws InterruptedException {
          Thread t = new Thread(() -> { for (int x = 0; x < 100; x++) { System.out.println(x); } });
          t.start();
          t.join();
        }
        """);
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.healthy()).isTrue());
  }

  @Test
  void leashBuilderConfigurationIsNotASpawnSite() {
    // Leash WorkerPoolTest: WorkerPool.builder(fn).name("x").workers(3).queueCapacity(8) only configures
    AuditReport r = body(dir, """
        void go(dev.leash.Context bg) {
          var b = WorkerPool.<Integer>builder((c, j) -> {}).name("basic").workers(3).queueCapacity(8);
          try (var g = TaskGroup.builder().name("g").open(bg)) { }
        }
        """);
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.healthy()).isTrue());
  }

  @Test
  void methodReferenceToCloseCountsAsClose() {
    // Leash TaskGroupTest: assertThatThrownBy(g::close)
    AuditReport r = body(dir, """
        void go(dev.leash.Context bg) {
          TaskGroup g = TaskGroup.open(bg);
          g.go(c -> {});
          check(g::close);
        }
        void check(Runnable r) { r.run(); }
        """);
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.healthy()).isTrue());
  }

  @Test
  void leashLoopOnACancelledContextIsStopped() {
    // Leash MiniService: flusher = Loop.fixedRate(ctx, ...) and close() cancels ctx
    AuditReport r = body(dir, """
        private final dev.leash.CancellableContext ctx = dev.leash.Context.background().withCancel();
        private final Loop flusher = Loop.fixedRate(ctx, java.time.Duration.ofSeconds(1), c -> {});
        void close() { ctx.cancel(); }
        """);
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.stop()).isTrue());
  }

  @Test
  void executorShutDownThroughAnotherObjectsFieldIsStopped() {
    // Leash TaskGroupBench: state.executor = Executors.newVirtualThreadPerTaskExecutor(); ... p.executor.shutdownNow()
    AuditReport r = body(dir, """
        static class State { ExecutorService executor; void open() { executor = Executors.newFixedThreadPool(1); } }
        void stop(State p) throws InterruptedException {
          p.executor.shutdownNow();
          p.executor.awaitTermination(1, TimeUnit.SECONDS);
        }
        """);
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.healthy()).isTrue());
    assertThat(rules(r)).doesNotContain("idle-executor");
  }
}
