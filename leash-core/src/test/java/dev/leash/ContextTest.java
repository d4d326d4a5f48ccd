package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ContextTest {

  @Test
  void backgroundIsNeverDone() {
    Context bg = Context.background();
    assertThat(bg.isDone()).isFalse();
    assertThat(bg.cause()).isNull();
    assertThat(bg.deadline()).isEmpty();
    bg.throwIfDone();
    assertThat(bg.onDone(() -> {}).unregister()).isFalse();
  }

  @Test
  void cancelSetsCauseOnceAndThrowIfDoneSaysWhy() {
    CancellableContext ctx = Context.background().withCancel();
    assertThat(ctx.isDone()).isFalse();
    assertThat(ctx.cancel()).isTrue();
    assertThat(ctx.cancel(new IllegalStateException("late"))).isFalse();
    assertThat(ctx.isDone()).isTrue();
    assertThat(ctx.cause()).isInstanceOf(CancelledException.class).isNotInstanceOf(DeadlineExceededException.class);
    assertThatThrownBy(ctx::throwIfDone).isInstanceOf(CancelledException.class).hasNoCause();
  }

  @Test
  void callersCauseIsReportedAndCarried() {
    IllegalStateException why = new IllegalStateException("upstream gone");
    CancellableContext ctx = Context.background().withCancel();
    Context child = ctx.withCancel().withValue(Context.Key.of("k"), 1);
    ctx.cancel(why);
    assertThat(ctx.cause()).isSameAs(why);
    assertThat(child.cause()).isSameAs(why);
    assertThatThrownBy(child::throwIfDone).isInstanceOf(CancelledException.class).hasCause(why);
  }

  @Test
  void cancellingAParentCancelsEveryDescendant() {
    CancellableContext root = Context.background().withCancel();
    List<Context> all = new ArrayList<>();
    Context level = root;
    for (int depth = 0; depth < 5; depth++) {
      CancellableContext a = level.withCancel();
      Context b = level.withValue(Context.Key.of("d" + depth), depth);
      CancellableContext c = b.withTimeout(Duration.ofHours(1));
      all.add(a);
      all.add(b);
      all.add(c);
      all.add(c.withoutCancel().withCancel()); // detached: must NOT be cancelled
      level = c;
    }
    root.cancel();
    for (int i = 0; i < all.size(); i++) {
      boolean detached = i % 4 == 3;
      assertThat(all.get(i).isDone()).as("context %d", i).isEqualTo(!detached);
    }
  }

  @Test
  void aDeepChainIsCancelledWithoutOverflowingTheStack() {
    CancellableContext root = Context.background().withCancel();
    Context leaf = root;
    for (int i = 0; i < 200_000; i++) {
      leaf = leaf.withCancel();
    }
    root.cancel();
    assertThat(leaf.isDone()).isTrue();
  }

  @Test
  void cancelRacesWithChildrenBeingCreatedAndClosed() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      for (int iteration = 0; iteration < 300; iteration++) {
        CancellableContext parent = Context.background().withCancel();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Future<List<Context>>> makers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int seed = t;
          makers.add(pool.submit(() -> {
            List<Context> kept = new ArrayList<>();
            start.await();
            for (int i = 0; i < 200; i++) {
              CancellableContext c = (i + seed) % 3 == 0
                  ? parent.withTimeout(Duration.ofMinutes(5))
                  : parent.withCancel();
              CancellableContext grandchild = c.withCancel();
              if (i % 2 == 0) {
                grandchild.close();
                c.close();
              } else {
                kept.add(c);
                kept.add(grandchild);
              }
            }
            return kept;
          }));
        }
        Future<?> canceller = pool.submit(() -> {
          start.await();
          parent.cancel();
          return null;
        });
        canceller.get(30, TimeUnit.SECONDS);
        for (Future<List<Context>> f : makers) {
          for (Context c : f.get(30, TimeUnit.SECONDS)) {
            assertThat(c.isDone()).as("descendant left un-cancelled in iteration %d", iteration).isTrue();
          }
        }
        assertThat(((CancelContext) parent).childCount()).isZero();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aMillionClosedChildrenLeaveNothingInTheParent() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext keep = parent.withCancel();
    for (int i = 0; i < 1_000_000; i++) {
      CancellableContext c = parent.withCancel();
      if (i % 1000 == 0) {
        c.onDone(() -> {});
        c.withCancel();
      }
      c.close();
    }
    assertThat(((CancelContext) parent).childCount()).isEqualTo(1);
    keep.close();
    assertThat(((CancelContext) parent).childCount()).isZero();
    assertThat(parent.isDone()).isFalse();
  }

  @Test
  void timeoutsShareOneTimerThreadThatEndsWhenNothingIsPending() throws Exception {
    List<CancellableContext> timed = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      timed.add(Context.background().withTimeout(Duration.ofMinutes(10 + i % 50)));
    }
    assertThat(timerThreads()).hasSize(1);
    Thread timer = DeadlineTimer.thread();
    assertThat(timer).isNotNull();
    assertThat(timer.isDaemon()).isTrue();
    timed.forEach(CancellableContext::close);
    timer.join(Duration.ofSeconds(30));
    assertThat(timer.isAlive()).as("timer thread still alive after every deadline was closed").isFalse();
    assertThat(timerThreads()).isEmpty();
  }

  private static List<Thread> timerThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("leash-timer")).toList();
  }

  @Test
  void aDeadlineFiresWithDeadlineExceeded() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(20))) {
      ctx.await();
      assertThat(ctx.cause()).isInstanceOf(DeadlineExceededException.class);
      assertThatThrownBy(ctx::throwIfDone).isInstanceOf(DeadlineExceededException.class);
    }
  }

  @Test
  void manyDeadlinesFireInAnyOrderOfCreation() throws Exception {
    List<CancellableContext> all = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      all.add(Context.background().withTimeout(Duration.ofMillis(1 + (i * 7919) % 50)));
    }
    for (CancellableContext c : all) {
      c.await();
      assertThat(c.cause()).isInstanceOf(DeadlineExceededException.class);
    }
  }

  @Test
  void aChildsDeadlineIsNeverLaterThanItsParents() {
    try (CancellableContext parent = Context.background().withTimeout(Duration.ofSeconds(30))) {
      Instant pd = parent.deadline().orElseThrow();
      try (CancellableContext later = parent.withTimeout(Duration.ofHours(1));
          CancellableContext earlier = parent.withTimeout(Duration.ofSeconds(1));
          CancellableContext absolute = parent.withDeadline(Instant.now().plus(Duration.ofDays(1)));
          CancellableContext plain = parent.withCancel()) {
        assertThat(later.deadline()).contains(pd);
        assertThat(absolute.deadline()).contains(pd);
        assertThat(plain.deadline()).contains(pd);
        assertThat(earlier.deadline().orElseThrow()).isBefore(pd);
        assertThat(parent.withoutCancel().deadline()).isEmpty();
      }
    }
  }

  @Test
  void aParentsDeadlineReachesTheChildAsDeadlineExceeded() throws Exception {
    try (CancellableContext parent = Context.background().withTimeout(Duration.ofMillis(10));
        CancellableContext child = parent.withCancel()) {
      child.await();
      assertThat(child.cause()).isInstanceOf(DeadlineExceededException.class);
    }
  }

  @Test
  void zeroAndNegativeTimeoutsGiveAContextThatIsDoneAlready() {
    assertThat(Context.background().withTimeout(Duration.ZERO).cause()).isInstanceOf(DeadlineExceededException.class);
    assertThat(Context.background().withTimeout(Duration.ofSeconds(-5)).isDone()).isTrue();
    assertThat(Context.background().withDeadline(Instant.now().minusSeconds(1)).cause())
        .isInstanceOf(DeadlineExceededException.class);
    assertThat(Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE)).isDone()).isFalse();
  }

  @Test
  void valuesAreFoundThroughTheChainAndSurviveWithoutCancel() {
    Context.Key<String> user = Context.Key.of("user");
    Context.Key<Integer> other = Context.Key.of("other");
    CancellableContext parent = Context.background().withValue(user, "ada").withCancel();
    Context shadow = parent.withValue(user, "grace");
    assertThat(parent.value(user)).contains("ada");
    assertThat(shadow.value(user)).contains("grace");
    assertThat(shadow.value(other)).isEmpty();
    Context detached = shadow.withoutCancel();
    parent.cancel();
    assertThat(shadow.isDone()).isTrue();
    assertThat(detached.isDone()).isFalse();
    assertThat(detached.value(user)).contains("grace");
  }

  @Test
  void onDoneRunsOnceOnTheCancellingThreadOrAtOnceWhenDone() {
    CancellableContext ctx = Context.background().withCancel();
    AtomicInteger runs = new AtomicInteger();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ctx.onDone(() -> {
      runs.incrementAndGet();
      ranOn.set(Thread.currentThread());
    });
    Registration removed = ctx.onDone(runs::incrementAndGet);
    assertThat(removed.unregister()).isTrue();
    assertThat(removed.unregister()).isFalse();
    ctx.onDone(() -> {
      throw new IllegalStateException("a failing action must not stop the others");
    });
    ctx.cancel();
    ctx.cancel();
    assertThat(runs).hasValue(1);
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    ctx.onDone(runs::incrementAndGet);
    assertThat(runs).hasValue(2);
  }

  @Test
  void unregisterRacingWithCancelRunsTheActionExactlyWhenUnregisterLost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 20_000; i++) {
        CancellableContext ctx = Context.background().withCancel();
        AtomicInteger runs = new AtomicInteger();
        Registration r = ctx.onDone(runs::incrementAndGet);
        CyclicBarrier go = new CyclicBarrier(2);
        Future<Boolean> unregistered = pool.submit(() -> {
          go.await();
          return r.unregister();
        });
        Future<?> cancelled = pool.submit(() -> {
          go.await();
          return ctx.cancel();
        });
        cancelled.get();
        boolean removed = unregistered.get();
        assertThat(runs.get()).as("iteration %d", i).isEqualTo(removed ? 0 : 1);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void awaitWithTimeoutReturnsFalseWhileNotDone() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    assertThat(ctx.await(Duration.ofMillis(5))).isFalse();
    ctx.cancel();
    assertThat(ctx.await(Duration.ofMillis(5))).isTrue();
    ctx.await();
  }

  @Test
  void awaitIsInterruptible() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    Thread.currentThread().interrupt();
    assertThatThrownBy(ctx::await).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void interruptOnDoneStopsInterruptingOnceClosed() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    try (Registration bound = ctx.interruptOnDone()) {
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
    ctx.cancel();
    assertThat(Thread.interrupted()).as("a cancel after the block interrupted the thread").isFalse();

    CancellableContext done = Context.background().withCancel();
    done.cancel();
    try (Registration bound = done.interruptOnDone()) {
      assertThat(Thread.interrupted()).as("binding a done context interrupts at once").isTrue();
    }
  }

  @Test
  void nullArgumentsNameTheParameter() {
    Context bg = Context.background();
    CancellableContext c = bg.withCancel();
    assertThatThrownBy(() -> bg.withTimeout(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    assertThatThrownBy(() -> bg.withDeadline(null)).isInstanceOf(NullPointerException.class).hasMessage("deadline");
    assertThatThrownBy(() -> bg.withValue(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> bg.withValue(Context.Key.of("k"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> c.onDone(null)).isInstanceOf(NullPointerException.class).hasMessage("action");
    assertThatThrownBy(() -> c.cancel(null)).isInstanceOf(NullPointerException.class).hasMessage("cause");
    assertThatThrownBy(() -> c.value(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> Context.Key.of(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
  }

  @Test
  void aCancelledContextStopsAnAwaitingThread() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread t = Thread.ofVirtual().start(() -> {
      waiting.countDown();
      try {
        ctx.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    waiting.await();
    ctx.cancel();
    t.join(Duration.ofSeconds(30));
    assertThat(t.isAlive()).isFalse();
  }
}
