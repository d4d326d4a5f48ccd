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
}
