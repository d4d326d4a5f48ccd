package dev.leash.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The heap proof of a failing leak check: proven leaked, or held by a path; and failing at once. */
class HeapCheckTest {
  /** A queue the class keeps: its consumer can still be fed, so it is held, not proven leaked. */
  static final LinkedBlockingQueue<String> HELD = new LinkedBlockingQueue<>();

  /**
   * Starts a consumer on a queue nobody else keeps and returns only a weak reference to it: a weak reference is no way
   * out, so the proof sees nothing outside the thread that could wake it. The test still stops it through the
   * reference afterwards (a live thread stays reachable from the JVM while it runs).
   */
  private static WeakReference<Thread> lostConsumer(String name) throws InterruptedException {
    CountDownLatch waiting = new CountDownLatch(1);
    LinkedBlockingQueue<String> mine = new LinkedBlockingQueue<>();
    Thread t = Thread.ofPlatform().name(name).start(() -> {
      waiting.countDown();
      try {
        mine.take();
      } catch (InterruptedException stopped) {
        // the test stops it
      }
    });
    waiting.await();
    return new WeakReference<>(t);
  }

  private static void stop(WeakReference<Thread> ref) throws InterruptedException {
    Thread t = ref.get();
    if (t != null) {
      t.interrupt();
      t.join();
    }
  }

  @Test
  void aLeakNobodyCanReachIsProvenLeaked() throws Exception {
    LeakOptions options = LeakOptions.defaults().ignoreCurrent().linger(Duration.ofMillis(50));
    WeakReference<Thread> ref = lostConsumer("lost-consumer");
    try {
      LeakedThreadsError e = catchThrowableOfType(LeakedThreadsError.class, () -> Leaks.verifyNone(options));
      assertThat(e).as("the check must fail").isNotNull();
      assertThat(e.proven()).as(e.getMessage()).isTrue();
      assertThat(e.getMessage()).contains("lost-consumer")
          .contains("heap   proven leaked: nothing outside this thread can reach the LinkedBlockingQueue it waits on");
    } finally {
      stop(ref);
    }
  }

  @Test
  void aLeakSomeoneStillHoldsNamesThePath() throws Exception {
    LeakOptions options = LeakOptions.defaults().ignoreCurrent().linger(Duration.ofMillis(50));
    CountDownLatch waiting = new CountDownLatch(1);
    Thread t = Thread.ofPlatform().name("held-consumer").start(() -> {
      waiting.countDown();
      try {
        HELD.take();
      } catch (InterruptedException stopped) {
        // not expected: the test feeds it
      }
    });
    waiting.await();
    try {
      LeakedThreadsError e = catchThrowableOfType(LeakedThreadsError.class, () -> Leaks.verifyNone(options));
      assertThat(e).isNotNull();
      assertThat(e.proven()).isFalse();
      assertThat(e.getMessage()).contains("heap   still alive and held by: ")
          .contains("dev.leash.junit.HeapCheckTest.HELD");
    } finally {
      HELD.add("done");
      t.join();
    }
  }

  @Test
  void proveAtOnceFailsWithoutWaitingOutTheLinger() throws Exception {
    Duration linger = Duration.ofSeconds(60);
    LeakOptions options = LeakOptions.defaults().ignoreCurrent().linger(linger).proof(LeakOptions.Proof.AT_ONCE);
    WeakReference<Thread> ref = lostConsumer("lost-at-once");
    try {
      long start = System.nanoTime();
      LeakedThreadsError e = catchThrowableOfType(LeakedThreadsError.class, () -> Leaks.verifyNone(options));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e).isNotNull();
      assertThat(e.proven()).isTrue();
      assertThat(took).as("a proven leak fails at once, not after the %s linger", linger)
          .isLessThan(linger.dividedBy(2));
    } finally {
      stop(ref);
    }
  }

  @Test
  void proofOffTakesNoHeapDump() throws Exception {
    LeakOptions options = LeakOptions.defaults().ignoreCurrent().linger(Duration.ofMillis(50))
        .proof(LeakOptions.Proof.OFF);
    WeakReference<Thread> ref = lostConsumer("lost-unproven");
    try {
      LeakedThreadsError e = catchThrowableOfType(LeakedThreadsError.class, () -> Leaks.verifyNone(options));
      assertThat(e).isNotNull();
      assertThat(e.proven()).isFalse();
      assertThat(e.getMessage()).doesNotContain("    heap   ");
    } finally {
      stop(ref);
    }
  }
}
