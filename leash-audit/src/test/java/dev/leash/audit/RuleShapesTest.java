package dev.leash.audit;

import static dev.leash.audit.Sources.body;
import static dev.leash.audit.Sources.lineOf;
import static dev.leash.audit.Sources.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exemptions of swallowed-interrupt and busy-spin, each shape beside a look-alike that must still fire. */
class RuleShapesTest {
  @TempDir Path dir;

  private void fires(String code, Rule rule, String marker) {
    AuditReport r = body(dir, code);
    assertThat(r.findings()).as(code).filteredOn(f -> f.rule() == rule).extracting(Finding::line)
        .containsExactly(lineOf(code, marker));
  }

  private void silent(String code, Rule rule) {
    assertThat(rules(body(dir, code))).as(code).doesNotContain(rule.id());
  }

  @Test
  void threadEndsRightAfterACatchNestedInAnIf() {
    silent("""
        class Task implements Runnable {
          private final BlockingQueue<String> q = new LinkedBlockingQueue<>();
          public void run() {
            if (q.isEmpty()) {
              try { System.out.println(q.take()); }
              catch (InterruptedException e) { System.out.println("bye"); }
            }
          }
        }
        """, Rule.SWALLOWED_INTERRUPT);
  }

  @Test
  void threadEndsAfterCleanupAndLoggingThatFollowTheCatch() {
    silent("""
        void start(CountDownLatch ready) {
          new Thread(() -> {
            try { ready.await(); }
            catch (InterruptedException e) { System.err.println("interrupted"); }
            finally { System.out.println("cleanup"); }
            System.out.println("worker done");
          }).start();
        }
        """, Rule.SWALLOWED_INTERRUPT);
  }

  @Test
  void aCatchFollowedByMoreWaitingStillFires() {
    fires("""
        void start(CountDownLatch ready, BlockingQueue<String> q) {
          new Thread(() -> {
            try { ready.await(); }
            catch (InterruptedException e) { System.err.println("interrupted"); }
            while (true) { System.out.println(q.poll()); }
          }).start();
        }
        """, Rule.SWALLOWED_INTERRUPT, "catch (");
  }

  @Test
  void loopOnAStateThatCloseSetsBeforeInterrupting() {
    silent("""
        private volatile boolean running = true;
        private final BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        private Thread worker;
        void loop() {
          while (running) {
            try { jobs.take().run(); }
            catch (InterruptedException e) { System.out.println("woken up"); }
          }
        }
        void close() { running = false; worker.interrupt(); }
        """, Rule.SWALLOWED_INTERRUPT);
    silent("""
        enum State { RUNNING, CLOSED }
        private volatile State state = State.RUNNING;
        private final Object lock = new Object();
        void loop() throws Exception {
          do {
            try { synchronized (lock) { lock.wait(); } }
            catch (InterruptedException e) { }
          } while (state == State.RUNNING);
        }
        void close() { state = State.CLOSED; }
        """, Rule.SWALLOWED_INTERRUPT);
  }

  @Test
  void loopOnTheInterruptFlagOrALocalCounterStillFires() {
    fires("""
        void loop(BlockingQueue<String> q) {
          while (!Thread.currentThread().isInterrupted()) {
            try { q.take(); }
            catch (InterruptedException e) { System.out.println("ignored"); }
          }
        }
        """, Rule.SWALLOWED_INTERRUPT, "catch (");
    fires("""
        void loop(BlockingQueue<String> q) {
          int left = 10;
          while (left > 0) {
            try { q.take(); left--; }
            catch (InterruptedException e) { }
          }
        }
        """, Rule.SWALLOWED_INTERRUPT, "catch (");
  }

  @Test
  void scanningABufferForAZeroByteIsNotASpin() {
    silent("""
        private final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64);
        private byte[] bytes = new byte[64];
        private int pos;
        void skipName() { while (buf.get() != 0) { } }
        void skipRaw() { while (bytes[pos++] != 0); }
        """, Rule.BUSY_SPIN);
  }

  @Test
  void waitingOnAFlagWithAnEmptyLoopStillSpins() {
    fires("""
        private volatile boolean ready;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        void awaitReady() {
          while (!ready) { }
        }
        """, Rule.BUSY_SPIN, "while (!ready)");
  }

  @Test
  void theLastCatchOfMainEndsTheMainThread() {
    silent("""
        public static void main(String[] args) {
          try {
            new CountDownLatch(1).await(1, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            System.err.println("interrupted, exiting");
          }
        }
        """, Rule.SWALLOWED_INTERRUPT);
    fires("""
        static void helper() {
          try {
            new CountDownLatch(1).await(1, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            System.err.println("interrupted, going on");
          }
        }
        """, Rule.SWALLOWED_INTERRUPT, "catch (");
  }
}
