package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class LoopTest {
  private final Context bg = Context.background();

  /** Busy for {@code ms} milliseconds of wall time, ignoring interrupts and the context (parks in small steps). */
  static void uninterruptibleWork(long ms) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    boolean interrupted = Thread.interrupted();
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void fixedRateRunsOnTicksFromTheFirstRun() throws Exception {
    long period = TimeUnit.MILLISECONDS.toNanos(20);
    Queue<Long> starts = new ConcurrentLinkedQueue<>();
    CountDownLatch fiveRuns = new CountDownLatch(5);
    try (Loop loop = Loop.fixedRate(bg, Duration.ofNanos(period), c -> {
      starts.add(System.nanoTime());
      fiveRuns.countDown();
    })) {
      fiveRuns.await();
    }
    Long[] t = starts.toArray(Long[]::new);
    for (int k = 1; k < t.length; k++) {
      assertThat(t[k] - t[0]).as("run %d not before its tick", k).isGreaterThanOrEqualTo(k * period - 2_000_000);
    }
  }

  @Test
  void fixedRateSkipsTicksMissedByALongRun() throws Exception {
    long period = TimeUnit.MILLISECONDS.toNanos(40);
    List<Long> starts = new ArrayList<>();
    CountDownLatch twoRuns = new CountDownLatch(2);
    try (Loop loop = Loop.fixedRate(bg, Duration.ofNanos(period), c -> {
      starts.add(System.nanoTime());
      if (starts.size() == 1) {
        uninterruptibleWork(100); // misses the ticks at 40 and 80 ms
      }
      twoRuns.countDown();
    })) {
      twoRuns.await();
    }
    // The second run waits for the 120 ms tick instead of starting right after the first (at about 100 ms).
    assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(110));
  }

  @Test
  void fixedDelayWaitsAfterEachRun() throws Exception {
    long delay = TimeUnit.MILLISECONDS.toNanos(15);
    List<long[]> runs = new ArrayList<>();
    CountDownLatch fourRuns = new CountDownLatch(4);
    try (Loop loop = Loop.fixedDelay(bg, Duration.ofNanos(delay), c -> {
      long start = System.nanoTime();
      uninterruptibleWork(5);
      runs.add(new long[] {start, System.nanoTime()});
      fourRuns.countDown();
    })) {
      fourRuns.await();
    }
    for (int k = 1; k < 4; k++) {
      assertThat(runs.get(k)[0] - runs.get(k - 1)[1]).isGreaterThanOrEqualTo(delay);
    }
  }

  @Test
  void periodicLoopParksOnTheContextInsteadOfSleeping() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    try (Loop loop = Loop.builder().name("parker").platformThreads().fixedRate(bg, Duration.ofHours(1), c -> {
      threads.add(Thread.currentThread());
      ran.countDown();
    })) {
      ran.await();
      Thread t = threads.iterator().next();
      Await.until("loop thread waiting", () -> t.getState() == Thread.State.TIMED_WAITING);
      List<String> frames = Arrays.stream(t.getStackTrace()).map(StackTraceElement::toString).toList();
      assertThat(frames).noneMatch(f -> f.contains("Thread.sleep"));
      assertThat(frames).anyMatch(f -> f.contains("LockSupport.parkNanos"));
      long t0 = System.nanoTime();
      loop.close();
      assertThat(System.nanoTime() - t0).as("close ends the wait at once").isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(t.join(Duration.ofSeconds(5))).as("thread exits after its task ended").isTrue();
    }
  }

  /** Seed 004 task 2.1: N=10 workers sharing one context, fn with 50 ms latency; close waits for all. */
  @Test
  void tenWorkersWithSlowFnAllEndBeforeCloseReturns() throws Exception {
    int n = 10;
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Set<Context> contexts = ConcurrentHashMap.newKeySet();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch allStarted = new CountDownLatch(n);
    Loop loop = Loop.builder().name("seed21").platformThreads().workers(bg, n, c -> {
      if (threads.add(Thread.currentThread())) {
        allStarted.countDown();
      }
      contexts.add(c);
      inFlight.incrementAndGet();
      uninterruptibleWork(50);
      calls.incrementAndGet();
      inFlight.decrementAndGet();
    });
    allStarted.await();
    List<OwnerInfo> owners = Leash.tasks().stream().filter(o -> o.name().equals("seed21")).toList();
    assertThat(owners).hasSize(1);
    assertThat(owners.get(0).tasks()).hasSize(n).allMatch(t -> t.threadName().startsWith("seed21/"));
    loop.close();
    assertThat(inFlight).as("close waited for every in-flight fn").hasValue(0);
    assertThat(threads).hasSize(n);
    for (Thread t : threads) {
      // The task has ended when close() returns; the thread itself exits right after its run() returns.
      assertThat(t.join(Duration.ofSeconds(5))).as("no thread left").isTrue();
    }
    assertThat(contexts).as("all workers share one context").containsExactly(loop.context());
    assertThat(loop.context().isDone()).isTrue();
    assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("seed21"));
    int after = calls.get();
    loop.close();
    assertThat(calls).as("nothing runs after close").hasValue(after);
  }

  @Test
  void closeFromTenThreadsShutsDownOnceAndEveryCallerWaits() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger returnedEarly = new AtomicInteger();
    CountDownLatch inFn = new CountDownLatch(3);
    AtomicBoolean failedOnce = new AtomicBoolean();
    Loop loop = Loop.builder().platformThreads().workers(bg, 3, c -> {
      inFn.countDown();
      inFn.await();
      if (failedOnce.compareAndSet(false, true)) {
        throw new IOException("one worker fails while the others are busy");
      }
      uninterruptibleWork(30);
    });
    inFn.await();
    Await.until("failure recorded", () -> loop.context().isDone());
    CyclicBarrier barrier = new CyclicBarrier(10);
    try (TaskGroup closers = TaskGroup.open(bg)) {
      for (int i = 0; i < 10; i++) {
        closers.go(c -> {
          barrier.await();
          try {
            loop.close();
          } catch (TaskFailedException e) {
            assertThat(e).hasCauseInstanceOf(IOException.class);
            failures.incrementAndGet();
          }
          if (loop.liveCount() != 0) {
            returnedEarly.incrementAndGet();
          }
        });
      }
      closers.await();
    }
    assertThat(failures).as("the failure is reported exactly once").hasValue(1);
    assertThat(returnedEarly).hasValue(0);
  }

  @Test
  void failingFnStopsTheLoopAndCloseThrowsIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Loop loop = Loop.fixedRate(bg, Duration.ofMillis(1), c -> {
      if (calls.incrementAndGet() == 3) {
        throw new IllegalStateException("boom");
      }
    });
    assertThatThrownBy(loop::await).isInstanceOf(TaskFailedException.class).hasRootCauseMessage("boom");
    assertThat(loop.context().isDone()).isTrue();
    assertThat(loop.context().cause()).hasMessage("boom");
    assertThat(calls).hasValue(3);
    loop.close(); // already reported by await: not thrown twice
  }

  @Test
  void failureIsThrownByCloseWhenNobodyAwaited() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    Loop loop = Loop.workers(bg, 2, c -> {
      failed.countDown();
      throw new IOException("disk");
    });
    failed.await();
    // Once the loop is closing, an exception from an interrupted fn counts as stopping, not failing: wait for it.
    Await.until("failure recorded", () -> loop.context().isDone());
    assertThatThrownBy(loop::close).isInstanceOf(TaskFailedException.class).hasRootCauseMessage("disk");
  }

  @Test
  void cancellingTheParentStopsTheLoop() throws Exception {
    CountDownLatch running = new CountDownLatch(2);
    try (CancellableContext parent = bg.withCancel()) {
      Loop loop = Loop.workers(parent, 2, c -> {
        running.countDown();
        c.await();
      });
      running.await();
      parent.cancel();
      loop.await();
      assertThat(loop.liveCount()).isZero();
      loop.close();
    }
  }

  @Test
  void badInputNamesTheParameter() {
    assertThatThrownBy(() -> Loop.fixedRate(bg, Duration.ZERO, c -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
    assertThatThrownBy(() -> Loop.fixedDelay(bg, Duration.ofMillis(-1), c -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
    assertThatThrownBy(() -> Loop.workers(bg, 0, c -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n (workers)");
    assertThatThrownBy(() -> Loop.workers(bg, 1, null)).isInstanceOf(NullPointerException.class).hasMessage("fn");
    assertThatThrownBy(() -> Loop.fixedRate(bg, null, c -> {}))
        .isInstanceOf(NullPointerException.class).hasMessage("period");
    assertThatThrownBy(() -> Loop.workers(null, 1, c -> {})).isInstanceOf(NullPointerException.class).hasMessage("ctx");
  }
}
