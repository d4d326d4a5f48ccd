package dev.leash.examples.looprunner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Context;
import dev.leash.TaskGroup;
import dev.leash.examples.ExpectLeak;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopRunnerTest {

  @Test
  void leakyLoopRunnerOutlivesItsClose() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch ran = new CountDownLatch(1);
    LeakyLoopRunner r = new LeakyLoopRunner(Duration.ofSeconds(5), ran::countDown);
    try {
      ran.await();
      r.close();
      check.assertLeaks("unstopped-scheduler");
    } finally {
      r.thread().interrupt();
      r.thread().join();
    }
  }

  @Test
  void loopRunnerCloseCancelsWaitsAndIsIdempotent() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CompletableFuture<Context> seen = new CompletableFuture<>();
    LoopRunner r = new LoopRunner(Context.background(), Duration.ofSeconds(5), seen::complete);
    Context fnCtx = seen.get();
    assertThat(fnCtx.isDone()).isFalse();
    long t0 = System.nanoTime();
    CyclicBarrier start = new CyclicBarrier(10);
    try (TaskGroup closers = TaskGroup.builder().name("closers").open(Context.background())) {
      for (int i = 0; i < 10; i++) {
        closers.go(c -> {
          start.await();
          r.close();
          assertThat(fnCtx.isDone()).isTrue();
        });
      }
      closers.await();
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("close() waits for no 5 s tick")
        .isLessThan(2000);
    check.assertNone();
  }

  @Test
  void leakyMultiLoopRunnerLeavesAnIdleExecutor() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    CountDownLatch ran = new CountDownLatch(4);
    LeakyMultiLoopRunner r = new LeakyMultiLoopRunner(4, Duration.ofMillis(10), ran::countDown);
    try {
      ran.await();
      r.close();
      assertThat(check.assertLeaks("idle-executor")).containsEntry("idle-executor", 4);
    } finally {
      r.pool().shutdownNow();
      assertThat(r.pool().awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void tenLoopsWithSlowFnAllEndBeforeCloseReturns() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    AtomicInteger inFlight = new AtomicInteger();
    CountDownLatch allRunning = new CountDownLatch(10);
    MultiLoopRunner r = new MultiLoopRunner(Context.background(), 10, Duration.ofMillis(5), c -> {
      inFlight.incrementAndGet();
      allRunning.countDown();
      try {
        MultiLoopRunnerExample.work(); // 50 ms, ignoring interrupts
      } finally {
        inFlight.decrementAndGet();
      }
    });
    allRunning.await();
    r.close();
    assertThat(inFlight.get()).isZero();
    assertThat(r.liveCount()).isZero();
    r.close();
    check.assertNone();
  }
}
