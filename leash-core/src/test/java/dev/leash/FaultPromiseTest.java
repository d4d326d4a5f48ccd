package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Promises that used to break under faults and races (issue 16, bugs 1, 2, 4, 7 and 8). Each test failed on the code
 * before its fix.
 */
@Timeout(60)
class FaultPromiseTest {
  private final Context bg = Context.background();

  /** Real deep recursion: a StackOverflowError, not one made with {@code new}. */
  private static int recurse(int n) {
    return recurse(n + 1) + 1;
  }

  @Test
  void aJobDyingOfAStackOverflowDoesNotStopThePoolAndCloseRunsAndCountsEveryJob() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      if (j == 0) {
        release.await();
        recurse(0);
      }
      ran.incrementAndGet();
    }).name("vme").workers(1).queueCapacity(4).open(bg);
    for (int i = 0; i < 4; i++) {
      pool.submit(bg, i);
    }
    release.countDown();
    assertThatThrownBy(pool::close).isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(StackOverflowError.class);
    assertThat(ran).hasValue(3);
    PoolStats s = pool.stats();
    assertThat(s.submitted()).isEqualTo(4);
    assertThat(s.completed()).isEqualTo(3);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.cancelled()).isZero();
    assertThat(s.submitted()).isEqualTo(s.completed() + s.failed() + s.cancelled());
    assertThat(Owners.isRegistered(ownerOf(pool))).isFalse();
  }

  @Test
  void anOutOfMemoryErrorInAJobLeavesCloseNowReturningTheNeverStartedJobs() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      if (j == 0) {
        started.countDown();
        Latches.awaitUninterruptibly(release); // closeNow interrupts it: it fails anyway, after the cancel
        throw new OutOfMemoryError("job 0 ran out");
      }
    }).name("oom").workers(1).queueCapacity(4).open(bg);
    for (int i = 0; i < 4; i++) {
      pool.submit(bg, i);
    }
    started.await();
    // The job ends with the error once closeNow has cancelled the pool; the three queued jobs never start.
    Thread releaser = Thread.ofVirtual().start(() -> {
      Latches.uninterruptibly(pool.context()::await);
      release.countDown();
    });
    List<Integer> left = pool.closeNow();
    releaser.join();
    assertThat(left).containsExactly(1, 2, 3);
    assertThat(pool.firstFailure()).containsInstanceOf(OutOfMemoryError.class);
    PoolStats s = pool.stats();
    assertThat(s.submitted()).isEqualTo(s.completed() + s.failed() + s.cancelled());
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.cancelled()).isEqualTo(3);
    assertThat(Owners.isRegistered(ownerOf(pool))).isFalse();
  }

  @Test
  void aPoolKeepsServingAfterAJobThrowsAnError() throws Exception {
    WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> {
      if (j % 2 == 0) {
        throw new StackOverflowError("job " + j);
      }
    }).name("errors").workers(2).queueCapacity(2).open(bg);
    for (int i = 0; i < 100; i++) {
      pool.submit(bg, i); // would throw PoolClosedException once a worker's death cancelled the pool
    }
    assertThatThrownBy(pool::close).isInstanceOf(TaskFailedException.class);
    PoolStats s = pool.stats();
    assertThat(s).isEqualTo(new PoolStats(100, 50, 50, 0, 0, 0, 0));
  }

  /** The group the pool runs on, as registered in {@link Owners}. */
  private static Object ownerOf(WorkerPool<?> pool) {
    return pool.group();
  }

  @Test
  void aFailureAfterAwaitThrewIsThrownByClose() throws Exception {
    TaskGroup g = TaskGroup.open(bg);
    g.go(c -> {
      throw new IOException("first");
    });
    assertThatThrownBy(g::await).isInstanceOf(TaskFailedException.class).hasRootCauseMessage("first");
    g.go(c -> {
      throw new IllegalStateException("second");
    });
    assertThatThrownBy(g::close).isInstanceOf(TaskFailedException.class)
        .cause().isInstanceOf(IllegalStateException.class).hasMessage("second");
    assertThatCode(g::close).doesNotThrowAnyException(); // each failure is thrown once
  }

  @Test
  void retryAttachesEveryEarlierFailureToTheLastOne() {
    Retry retry = Retry.builder().maxAttempts(4).backoff(Backoff.fixed(Duration.ZERO)).build();
    AtomicInteger n = new AtomicInteger();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> retry.run(bg, c -> {
          throw new IOException("attempt " + n.incrementAndGet());
        }));
    assertThat(thrown).hasMessage("attempt 4");
    assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage)
        .containsExactly("attempt 1", "attempt 2", "attempt 3");
    for (Throwable s : thrown.getSuppressed()) {
      assertThat(s.getSuppressed()).isEmpty(); // no chain
    }
  }

  @Test
  void retryCancelledDuringABackoffCarriesEveryFailureSoFar() {
    CancellableContext ctx = bg.withCancel();
    AtomicInteger n = new AtomicInteger();
    Retry retry = Retry.builder().maxAttempts(10).backoff(Backoff.fixed(Duration.ZERO)).build();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> retry.run(ctx, c -> {
          if (n.incrementAndGet() == 3) {
            ctx.cancel();
          }
          throw new IOException("attempt " + n.get());
        }));
    assertThat(thrown).isInstanceOf(CancelledException.class);
    assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage)
        .containsExactly("attempt 1", "attempt 2", "attempt 3");
  }

  @Test
  void goFromATaskOfAClosingGroupStartsNothingAndIsNoFailure() throws Exception {
    for (int round = 0; round < 200; round++) {
      TaskGroup g = TaskGroup.open(bg);
      CountDownLatch running = new CountDownLatch(1);
      AtomicInteger childRan = new AtomicInteger();
      g.go(c -> {
        running.countDown();
        while (true) { // keeps spawning until the group closes: the last go races close()
          g.go(cc -> childRan.incrementAndGet());
          if (c.isDone()) {
            g.go(cc -> childRan.incrementAndGet()); // certainly closing now
            return;
          }
          Thread.onSpinWait();
        }
      });
      running.await();
      assertThatCode(g::close).as("round " + round).doesNotThrowAnyException();
      assertThat(g.liveCount()).isZero();
    }
  }

  @Test
  void forkFromATaskOfAClosedGroupReturnsATaskThatNeverRuns() throws Exception {
    TaskGroup g = TaskGroup.open(bg);
    CountDownLatch closing = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    Task<Task<Integer>> outer = g.fork(c -> {
      Latches.uninterruptibly(c::await);
      Latches.awaitUninterruptibly(closing); // close() interrupts this task: wait anyway
      return g.fork(cc -> ran.incrementAndGet());
    });
    Thread closer = Thread.ofVirtual().start(g::close);
    Await.until("close has started", () -> g.context().isDone());
    closing.countDown();
    closer.join();
    Task<Integer> never = outer.resultNow();
    assertThat(never.state()).isEqualTo(Task.State.CANCELLED);
    assertThatThrownBy(never::join).isInstanceOf(CancelledException.class);
    assertThat(ran).hasValue(0);
    // From outside the group, after close: still a programming error.
    assertThatThrownBy(() -> g.go(c -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void breakerGoesBackFromHalfOpenWhenTheTrialThrowsAnOddThrowable() throws Exception {
    CircuitBreaker cb = CircuitBreaker.builder().failureThreshold(1).openDuration(Duration.ZERO).build();
    assertThatThrownBy(() -> cb.run(bg, c -> {
      throw new IOException("down");
    })).isInstanceOf(IOException.class);
    // The trial throws a Throwable that is neither an Exception nor an Error (sneaky-thrown).
    assertThatThrownBy(() -> cb.run(bg, c -> sneaky(new Throwable("odd"))))
        .isExactlyInstanceOf(Throwable.class).hasMessage("odd");
    assertThat(cb.state()).isNotEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(cb.<String>call(bg, c -> "ok")).isEqualTo("ok"); // a new trial is let through
    assertThat(cb.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void breakerGoesBackFromHalfOpenWhenRecordOnThrows() throws Exception {
    RuntimeException predicateBug = new IllegalStateException("predicate bug");
    CircuitBreaker cb = CircuitBreaker.builder().failureThreshold(1).openDuration(Duration.ZERO)
        .recordOn(e -> {
          if (e.getMessage().equals("trial")) {
            throw predicateBug;
          }
          return true;
        }).build();
    assertThatThrownBy(() -> cb.run(bg, c -> {
      throw new IOException("down");
    })).isInstanceOf(IOException.class);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> cb.run(bg, c -> {
      throw new IOException("trial");
    }));
    assertThat(thrown).isInstanceOf(IOException.class).hasMessage("trial"); // the call's own exception
    assertThat(thrown.getSuppressed()).containsExactly(predicateBug); // the predicate's, not lost
    assertThat(cb.state()).isNotEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(cb.<String>call(bg, c -> "ok")).isEqualTo("ok");
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> Void sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
