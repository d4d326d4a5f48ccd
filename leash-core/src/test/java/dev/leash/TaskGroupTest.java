package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskGroupTest {

  @Test
  void forkedResultsAreAvailableAfterAwait() throws Exception {
    try (TaskGroup g = TaskGroup.open(Context.background())) {
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        tasks.add(g.fork(ctx -> n * n));
      }
      g.await();
      int sum = 0;
      for (Task<Integer> t : tasks) {
        assertThat(t.state()).isEqualTo(Task.State.SUCCESS);
        sum += t.resultNow();
      }
      assertThat(sum).isEqualTo(328_350);
      assertThat(tasks.get(7).join()).isEqualTo(49);
    }
  }

  @Test
  void theFirstFailureCancelsTheSiblingsAndIsThrownWithTheOthersSuppressed() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicInteger cancelled = new AtomicInteger();
    CountDownLatch siblingsBlocked = new CountDownLatch(5);
    TaskGroup g = TaskGroup.open(Context.background());
    for (int i = 0; i < 5; i++) {
      g.go(ctx -> {
        siblingsBlocked.countDown();
        try {
          new LinkedBlockingQueue<>().take();
        } catch (InterruptedException e) {
          assertThat(ctx.isDone()).isTrue();
          cancelled.incrementAndGet();
          throw e;
        }
      });
    }
    siblingsBlocked.await();
    g.go(ctx -> {
      awaitIgnoringInterrupts(ctx);
      throw new java.io.IOException("second failure, after cancel");
    });
    g.go(ctx -> {
      throw boom;
    });
    assertThatThrownBy(g::await)
        .isInstanceOf(TaskFailedException.class)
        .hasCause(boom)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1)
            .allMatch(s -> s instanceof java.io.IOException));
    assertThat(cancelled).hasValue(5);
    assertThat(g.context().cause()).isSameAs(boom);
    g.close(); // already reported: must not throw again
    assertThat(g.liveCount()).isZero();
  }

  @Test
  void errorsAreNeverLost() {
    TaskGroup g = TaskGroup.open(Context.background());
    g.go(ctx -> {
      throw new StackOverflowError("deep");
    });
    assertThatThrownBy(g::close).isInstanceOf(TaskFailedException.class).hasCauseInstanceOf(StackOverflowError.class);
  }

  @Test
  void leavingTheBlockEarlyCancelsAndWaitsForEveryTask() throws Exception {
    ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
    CountDownLatch allBlocked = new CountDownLatch(50);
    assertThatThrownBy(() -> {
      try (TaskGroup g = TaskGroup.builder().name("early").platformThreads().open(Context.background())) {
        for (int i = 0; i < 50; i++) {
          g.go(ctx -> {
            threads.add(Thread.currentThread());
            allBlocked.countDown();
            Thread.sleep(TimeUnit.HOURS.toMillis(1));
          });
        }
        allBlocked.await();
        throw new IllegalArgumentException("caller gives up");
      }
    }).isInstanceOf(IllegalArgumentException.class).hasNoSuppressedExceptions();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(t.isAlive()).isFalse();
      assertThat(t.getName()).startsWith("early/");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aLimitBoundsTheTasksInFlight(boolean virtual) throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    TaskGroup.Builder b = TaskGroup.builder().limit(8);
    try (TaskGroup g = (virtual ? b.virtualThreads() : b.platformThreads()).open(Context.background())) {
      CyclicBarrier eight = new CyclicBarrier(8);
      for (int i = 0; i < 96; i++) {
        g.go(ctx -> {
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          eight.await(30, TimeUnit.SECONDS); // only passes when 8 run at once
          inFlight.decrementAndGet();
        });
      }
      g.await();
    }
    assertThat(maxInFlight).hasValue(8);
  }

  @Test
  void tryGoSaysNoAtTheLimit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TaskGroup g = TaskGroup.builder().limit(2).open(Context.background())) {
      assertThat(g.tryGo(ctx -> release.await())).isTrue();
      assertThat(g.tryGo(ctx -> release.await())).isTrue();
      assertThat(g.tryGo(ctx -> release.await())).isFalse();
      release.countDown();
      g.await();
      assertThat(g.tryGo(ctx -> {})).isTrue();
    }
  }

  @Test
  void badArgumentsAndUseAfterClose() {
    assertThatThrownBy(() -> TaskGroup.builder().limit(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> TaskGroup.builder().limit(-3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskGroup.open(null)).isInstanceOf(NullPointerException.class).hasMessage("parent");
    TaskGroup g = TaskGroup.builder().name("closed-one").open(Context.background());
    assertThatThrownBy(() -> g.go(null)).isInstanceOf(NullPointerException.class).hasMessage("task");
    g.close();
    g.close();
    assertThatThrownBy(() -> g.go(ctx -> {})).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed-one");
    assertThatThrownBy(() -> g.fork(ctx -> 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> g.tryGo(ctx -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeFromManyThreadsWaitsInEachAndReportsTheFailureOnce() throws Exception {
    for (int round = 0; round < 50; round++) {
      TaskGroup g = TaskGroup.open(Context.background());
      CountDownLatch started = new CountDownLatch(1);
      g.go(ctx -> {
        started.countDown();
        awaitIgnoringInterrupts(ctx);
        throw new IllegalStateException("fails while stopping");
      });
      started.await();
      AtomicInteger thrown = new AtomicInteger();
      AtomicInteger returnedWithLiveTasks = new AtomicInteger();
      CyclicBarrier all = new CyclicBarrier(10);
      try (TaskGroup closers = TaskGroup.builder().name("closers").open(Context.background())) {
        for (int i = 0; i < 10; i++) {
          closers.go(ctx -> {
            all.await();
            try {
              g.close();
            } catch (TaskFailedException e) {
              thrown.incrementAndGet();
            }
            if (g.liveCount() != 0) {
              returnedWithLiveTasks.incrementAndGet();
            }
          });
        }
        closers.await();
      }
      assertThat(thrown).hasValue(1);
      assertThat(returnedWithLiveTasks).hasValue(0);
    }
  }

  @Test
  void goRacingWithCloseNeverRunsATaskAfterCloseReturned() throws Exception {
    for (int round = 0; round < 200; round++) {
      TaskGroup g = TaskGroup.open(Context.background());
      java.util.concurrent.atomic.AtomicBoolean closeReturned = new java.util.concurrent.atomic.AtomicBoolean();
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger ran = new AtomicInteger();
      AtomicInteger ranLate = new AtomicInteger();
      CyclicBarrier start = new CyclicBarrier(5);
      try (TaskGroup submitters = TaskGroup.builder().name("submitters").platformThreads()
          .open(Context.background())) {
        for (int s = 0; s < 4; s++) {
          submitters.go(ctx -> {
            start.await();
            for (int i = 0; i < 50; i++) {
              try {
                g.go(c -> {
                  if (closeReturned.get()) {
                    ranLate.incrementAndGet();
                  }
                  ran.incrementAndGet();
                });
                accepted.incrementAndGet();
              } catch (IllegalStateException closed) {
                return;
              }
            }
          });
        }
        start.await();
        g.close();
        closeReturned.set(true);
        assertThat(g.liveCount()).isZero();
        submitters.await();
      }
      assertThat(ranLate).as("round %d", round).hasValue(0);
      assertThat(ran).as("every accepted task ran, round %d", round).hasValue(accepted.get());
    }
  }

  @Test
  void tasksAreNamedAndListedWithTheirSpawnSite() throws Exception {
    CountDownLatch running = new CountDownLatch(3);
    try (TaskGroup g = TaskGroup.builder().name("listed").open(Context.background())) {
      for (int i = 0; i < 3; i++) {
        g.go(ctx -> {
          running.countDown();
          ctx.await();
        });
      }
      running.await();
      OwnerInfo info = Leash.tasks().stream().filter(o -> o.name().equals("listed")).findFirst().orElseThrow();
      assertThat(info.kind()).isEqualTo("task-group");
      assertThat(info.tasks()).hasSize(3).allSatisfy(t -> {
        assertThat(t.threadName()).matches("listed/\\d+");
        assertThat(t.virtual()).isTrue();
        assertThat(t.spawnSite()).as("-Dleash.spawnSites=true is set for these tests")
            .startsWith("dev.leash.TaskGroupTest.tasksAreNamedAndListedWithTheirSpawnSite(TaskGroupTest.java:");
      });
      assertThat(Leash.virtualThreadCount()).isGreaterThanOrEqualTo(3);
    }
    assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("listed"));
  }

  @Test
  void loopsAndPoolsAreListedByTheirKind() throws Exception {
    CountDownLatch running = new CountDownLatch(2);
    try (Loop loop = Loop.workers(Context.background(), 1, ctx -> {
          running.countDown();
          ctx.await();
        });
        WorkerPool<String> pool = WorkerPool.<String>builder((ctx, job) -> {
          running.countDown();
          ctx.await();
        }).name("kinds-pool").open(Context.background())) {
      pool.submit(Context.background(), "job");
      running.await();
      assertThat(Leash.tasks()).extracting(OwnerInfo::kind).contains("loop", "worker-pool");
      pool.closeNow();
    }
  }

  @Test
  void aCancelledParentStopsTheGroupAndJoinSaysSo() throws Exception {
    CancellableContext parent = Context.background().withCancel();
    try (TaskGroup g = TaskGroup.open(parent)) {
      CountDownLatch blocked = new CountDownLatch(1);
      Task<String> t = g.fork(ctx -> {
        blocked.countDown();
        new LinkedBlockingQueue<String>().take();
        return "never";
      });
      blocked.await();
      parent.cancel();
      assertThatThrownBy(t::join).isInstanceOf(CancelledException.class);
      assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
      g.await(); // cancellation is not a failure
    }
  }

  @Test
  void aFailedForkJoinsWithTheFailure() throws Exception {
    TaskGroup g = TaskGroup.open(Context.background());
    Task<Object> t = g.fork(ctx -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("disk"));
    });
    assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(java.io.UncheckedIOException.class);
    assertThat(t.exceptionNow()).isInstanceOf(java.io.UncheckedIOException.class);
    assertThatThrownBy(t::resultNow).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(g::close).isInstanceOf(TaskFailedException.class);
  }

  /** Waits for ctx the way a task that ignores interrupts would; its failure afterwards must still be reported. */
  private static void awaitIgnoringInterrupts(Context ctx) {
    while (!ctx.isDone()) {
      try {
        ctx.await();
      } catch (InterruptedException stoppedByTheGroup) {
        // keep waiting for the context itself
      }
    }
  }
}
