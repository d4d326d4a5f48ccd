package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerPoolTest {
  private final Context bg = Context.background();

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void runsEveryJobOnOwnedWorkers(boolean virtual) {
    Set<Integer> handled = ConcurrentHashMap.newKeySet();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    WorkerPool.Builder<Integer> b = WorkerPool.<Integer>builder((c, j) -> {
      handled.add(j);
      threads.add(Thread.currentThread());
    }).name("basic").workers(3).queueCapacity(8);
    WorkerPool<Integer> pool = (virtual ? b.virtualThreads() : b.platformThreads()).open(bg);
    for (int i = 0; i < 200; i++) {
      pool.submit(bg, i);
    }
    pool.close();
    assertThat(handled).hasSize(200);
    assertThat(threads).isNotEmpty().hasSizeLessThanOrEqualTo(3)
        .allMatch(t -> t.isVirtual() == virtual && t.getName().startsWith("basic/"));
    assertThat(pool.stats()).isEqualTo(new PoolStats(200, 200, 0, 0, 0, 0, 0));
  }

  @Test
  void directHandOffAcceptsOnlyWhenAWorkerTakesTheJob() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    WorkerPool<String> pool = WorkerPool.<String>builder((c, j) -> {
      started.countDown();
      release.await();
    }).workers(1).queueCapacity(0).open(bg);
    pool.submit(bg, "first");
    started.await();
    assertThatThrownBy(() -> pool.trySubmit("second", Duration.ZERO)).isInstanceOf(PoolFullException.class);
    try (TaskGroup g = TaskGroup.open(bg)) {
      Task<Void> blocked = g.fork(c -> {
        pool.submit(c, "third");
        return null;
      });
      Await.until("submitter waiting", () -> pool.queue.waitingSenders() == 1);
      assertThat(blocked.isDone()).isFalse();
      assertThat(pool.stats().queued()).isZero();
      release.countDown();
      blocked.join();
    }
    pool.close();
    assertThat(pool.stats()).isEqualTo(new PoolStats(2, 2, 0, 0, 1, 0, 0));
  }

  @Test
  void submitBlocksForBackPressureUntilItsContextIsDone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> release.await())
        .workers(1).queueCapacity(2).open(bg);
    pool.submit(bg, 1);
    Await.until("worker busy", () -> pool.stats().active() == 1);
    pool.submit(bg, 2);
    pool.submit(bg, 3);
    long t0 = System.nanoTime();
    try (CancellableContext ctx = bg.withTimeout(Duration.ofMillis(30))) {
      assertThatThrownBy(() -> pool.submit(ctx, 4)).isInstanceOf(DeadlineExceededException.class);
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(25).toNanos());
    }
    assertThat(pool.stats().queued()).isEqualTo(2);
    release.countDown();
    pool.close();
    assertThat(pool.stats()).isEqualTo(new PoolStats(3, 3, 0, 0, 1, 0, 0));
  }

  @Test
  void trySubmitShedsLoadAfterTheTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> release.await())
        .workers(2).queueCapacity(1).open(bg);
    pool.trySubmit(1, Duration.ofSeconds(1));
    pool.trySubmit(2, Duration.ofSeconds(1));
    pool.trySubmit(3, Duration.ofSeconds(1)); // queued
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> pool.trySubmit(4, Duration.ofMillis(20)))
        .isInstanceOf(PoolFullException.class).hasMessageContaining("within PT0.02S");
    long waited = System.nanoTime() - t0;
    assertThat(waited).isBetween(Duration.ofMillis(19).toNanos(), Duration.ofSeconds(2).toNanos());
    release.countDown();
    pool.close();
    assertThat(pool.stats().rejected()).isEqualTo(1);
    assertThat(pool.stats().completed()).isEqualTo(3);
  }

  @Test
  void submitAfterCloseAndBlockedSubmitDuringCloseAreRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> release.await()).workers(1).open(bg);
    pool.submit(bg, 1);
    try (TaskGroup g = TaskGroup.open(bg)) {
      Task<Throwable> blocked = g.fork(c -> {
        try {
          pool.submit(c, 2);
          return null;
        } catch (PoolClosedException e) {
          return e;
        }
      });
      Await.until("submitter waiting", () -> pool.queue.waitingSenders() == 1);
      g.go(c -> pool.close());
      assertThat(blocked.join()).isInstanceOf(PoolClosedException.class);
      release.countDown();
    }
    assertThatThrownBy(() -> pool.submit(bg, 3)).isInstanceOf(PoolClosedException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> pool.trySubmit(3, Duration.ofMillis(1))).isInstanceOf(PoolClosedException.class);
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 1, 0, 0, 3, 0, 0));
  }

  /** Seed 004 task 6: 1,000 jobs from 4 submitters, close mid-flight; every accepted job ran, counts add up. */
  @Test
  void closeMidFlightRunsEveryAcceptedJobAndReportsEveryRejectedOne() throws Exception {
    Set<Integer> handled = ConcurrentHashMap.newKeySet();
    Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    Set<Integer> refused = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      if (!handled.add(j)) {
        duplicates.incrementAndGet();
      }
      LoopTest.uninterruptibleWork(1);
    }).workers(4).queueCapacity(16).open(bg);
    CountDownLatch halfway = new CountDownLatch(300);
    try (TaskGroup submitters = TaskGroup.open(bg)) {
      for (int s = 0; s < 4; s++) {
        int base = s * 250;
        submitters.go(c -> {
          for (int i = base; i < base + 250; i++) {
            try {
              pool.submit(c, i);
              accepted.add(i);
              halfway.countDown();
            } catch (PoolClosedException e) {
              refused.add(i);
            }
          }
        });
      }
      halfway.await();
      pool.close();
      submitters.await();
    }
    PoolStats st = pool.stats();
    assertThat(accepted.size() + refused.size()).isEqualTo(1000);
    assertThat(refused).as("close happened mid-flight").isNotEmpty();
    assertThat(handled).as("every accepted job handled").isEqualTo(accepted);
    assertThat(duplicates).hasValue(0);
    assertThat(st.submitted()).isEqualTo(accepted.size());
    assertThat(st.completed()).isEqualTo(accepted.size());
    assertThat(st.rejected()).isEqualTo(refused.size());
    assertThat(st.queued() + st.active() + st.failed() + st.cancelled()).isZero();
  }

  @Test
  void closeThrowsTheFirstFailureWithTheOthersSuppressed() {
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      if (j % 10 == 0) {
        throw new IOException("job " + j);
      }
    }).workers(1).queueCapacity(100).open(bg);
    for (int i = 1; i <= 50; i++) {
      pool.submit(bg, i);
    }
    assertThatThrownBy(pool::close)
        .isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("5 job(s)")
        .hasRootCauseMessage("job 10")
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
            .containsExactly("job 20", "job 30", "job 40", "job 50"));
    assertThat(pool.stats()).isEqualTo(new PoolStats(50, 45, 5, 0, 0, 0, 0));
    pool.close(); // idempotent, reported once
    assertThat(pool.firstFailure()).get().extracting(Throwable::getMessage).isEqualTo("job 10");
  }

  @Test
  void closeNowCancelsInFlightJobsAndReturnsTheNeverStarted() throws Exception {
    CountDownLatch twoRunning = new CountDownLatch(2);
    Queue<Integer> interrupted = new ConcurrentLinkedQueue<>();
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      twoRunning.countDown();
      try {
        Thread.sleep(60_000); // a blocking call that ignores the context: the pool's interrupt ends it
      } catch (InterruptedException e) {
        interrupted.add(j);
        throw e;
      }
    }).workers(2).queueCapacity(10).platformThreads().open(bg);
    for (int i = 0; i < 7; i++) {
      pool.submit(bg, i);
    }
    twoRunning.await();
    long t0 = System.nanoTime();
    List<Integer> left = pool.closeNow();
    assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
    assertThat(interrupted).containsExactlyInAnyOrder(0, 1);
    assertThat(left).containsExactly(2, 3, 4, 5, 6);
    assertThat(pool.context().isDone()).isTrue();
    assertThat(pool.stats()).isEqualTo(new PoolStats(7, 0, 0, 7, 0, 0, 0));
    assertThat(pool.closeNow()).isEmpty();
    pool.close();
  }

  @Test
  void cancelledParentMakesCloseReportTheJobsThatNeverRan() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    try (CancellableContext parent = bg.withCancel()) {
      WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
        running.countDown();
        c.await();
      }).workers(1).queueCapacity(5).open(parent);
      for (int i = 0; i < 4; i++) {
        pool.submit(bg, i);
      }
      running.await();
      parent.cancel();
      assertThatThrownBy(() -> pool.submit(bg, 9)).isInstanceOf(PoolClosedException.class);
      assertThatThrownBy(pool::close).isInstanceOf(CancelledException.class)
          .hasMessageContaining("3 accepted jobs never started");
      PoolStats st = pool.stats();
      // The in-flight job either returns (completed) or ends by the interrupt (cancelled): both obey the context.
      assertThat(st.completed() + st.cancelled()).isEqualTo(4);
      assertThat(st.cancelled()).isGreaterThanOrEqualTo(3);
      assertThat(st).extracting(PoolStats::submitted, PoolStats::failed, PoolStats::rejected, PoolStats::queued)
          .containsExactly(4L, 0L, 1L, 0);
    }
  }

  @Test
  void closeFromTenThreadsShutsDownOnceAndAllWait() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      inFlight.incrementAndGet();
      LoopTest.uninterruptibleWork(20);
      inFlight.decrementAndGet();
      if (j == 3) {
        throw new IllegalStateException("three");
      }
    }).workers(2).queueCapacity(10).open(bg);
    for (int i = 0; i < 6; i++) {
      pool.submit(bg, i);
    }
    CyclicBarrier barrier = new CyclicBarrier(10);
    AtomicInteger thrown = new AtomicInteger();
    AtomicInteger early = new AtomicInteger();
    try (TaskGroup closers = TaskGroup.open(bg)) {
      for (int i = 0; i < 10; i++) {
        closers.go(c -> {
          barrier.await();
          try {
            pool.close();
          } catch (TaskFailedException e) {
            thrown.incrementAndGet();
          }
          if (inFlight.get() != 0 || pool.stats().completed() + pool.stats().failed() != 6) {
            early.incrementAndGet();
          }
        });
      }
      closers.await();
    }
    assertThat(thrown).hasValue(1);
    assertThat(early).hasValue(0);
  }

  @Test
  void poolIsListedByLeashTasksWhileRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> release.await())
        .name("listed").workers(3).open(bg);
    Await.until("workers started", () -> Leash.tasks().stream()
        .anyMatch(o -> o.name().equals("listed") && o.tasks().size() == 3));
    release.countDown();
    pool.close();
    assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("listed"));
  }

  @Test
  void strayInterruptFromAJobDoesNotKillTheWorker() {
    List<Integer> handled = new ArrayList<>();
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      handled.add(j);
      Thread.currentThread().interrupt();
    }).workers(1).queueCapacity(4).open(bg);
    for (int i = 0; i < 20; i++) {
      pool.submit(bg, i);
    }
    pool.close();
    assertThat(new HashSet<>(handled)).hasSize(20);
  }

  @Test
  void badInputNamesTheParameter() {
    assertThatThrownBy(() -> WorkerPool.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("handler");
    var b = WorkerPool.<String>builder((c, j) -> {});
    assertThatThrownBy(() -> b.workers(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
    assertThatThrownBy(() -> b.queueCapacity(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    assertThatThrownBy(() -> b.open(null)).isInstanceOf(NullPointerException.class).hasMessage("parent");
    WorkerPool<String> pool = b.workers(1).open(bg);
    try {
      assertThatThrownBy(() -> pool.submit(bg, null)).isInstanceOf(NullPointerException.class).hasMessage("job");
      assertThatThrownBy(() -> pool.submit(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("ctx");
      assertThatThrownBy(() -> pool.trySubmit(null, Duration.ZERO))
          .isInstanceOf(NullPointerException.class).hasMessage("job");
      assertThatThrownBy(() -> pool.trySubmit("x", null))
          .isInstanceOf(NullPointerException.class).hasMessage("timeout");
    } finally {
      pool.close();
    }
  }
}
