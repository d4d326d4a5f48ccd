package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour the contracts left undefined until issue 16 decided it; each test states the decision it checks. */
@Timeout(60)
class ContractGapTest {
  private final Context bg = Context.background();

  // ---- closing or awaiting an owner from inside its own task: IllegalStateException, not a silent deadlock ----

  @Test
  void aTaskClosingOrAwaitingItsOwnGroupGetsIllegalState() throws Exception {
    TaskGroup g = TaskGroup.open(bg);
    Task<Throwable> closing = g.fork(c -> catchThrowable(g::close));
    Task<Throwable> awaiting = g.fork(c -> catchThrowable(g::await));
    assertThat(closing.join()).isInstanceOf(IllegalStateException.class).hasMessageContaining("its own task");
    assertThat(awaiting.join()).isInstanceOf(IllegalStateException.class);
    assertThat(g.context().isDone()).isFalse(); // the failed close did not cancel the group
    g.close();
  }

  @Test
  void aLoopOrAPoolClosedFromItsOwnThreadGetsIllegalStateAndKeepsWorking() throws Exception {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    Loop[] holder = new Loop[1];
    CountDownLatch built = new CountDownLatch(1);
    holder[0] = Loop.workers(bg, 1, c -> {
      Latches.awaitUninterruptibly(built);
      if (!seen.isDone()) {
        seen.complete(catchThrowable(holder[0]::close));
      }
      c.await();
    });
    built.countDown();
    assertThat(seen.get()).isInstanceOf(IllegalStateException.class);
    assertThat(holder[0].context().isDone()).isFalse();
    holder[0].close();

    CompletableFuture<Throwable> fromJob = new CompletableFuture<>();
    @SuppressWarnings("unchecked")
    WorkerPool<String>[] pool = new WorkerPool[1];
    CountDownLatch opened = new CountDownLatch(1);
    pool[0] = WorkerPool.<String>builder((c, j) -> {
      Latches.awaitUninterruptibly(opened);
      fromJob.complete(catchThrowable(j.equals("close") ? pool[0]::close : () -> pool[0].closeNow()));
    }).workers(1).queueCapacity(2).open(bg);
    opened.countDown();
    pool[0].submit(bg, "close");
    assertThat(fromJob.get()).isInstanceOf(IllegalStateException.class);
    pool[0].submit(bg, "after"); // still open
    pool[0].close();
    assertThat(pool[0].stats().completed()).isEqualTo(2);
  }

  @Test
  void aChildOrAListenerClosingItsSupervisorGetsIllegalState() throws Exception {
    CompletableFuture<Throwable> fromChild = new CompletableFuture<>();
    Supervisor[] sup = new Supervisor[1];
    CountDownLatch started = new CountDownLatch(1);
    sup[0] = Supervisor.builder().child("c", Supervisor.RestartType.TEMPORARY, c -> {
      Latches.awaitUninterruptibly(started);
      fromChild.complete(catchThrowable(sup[0]::close));
      c.await();
    }).start(bg);
    started.countDown();
    assertThat(fromChild.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("own thread");
    assertThat(sup[0].isEnded()).isFalse();
    sup[0].close();
  }

  @Test
  void aComponentShuttingDownItsGroupGetsIllegalState() throws Exception {
    CompletableFuture<Throwable> fromBody = new CompletableFuture<>();
    ServiceGroup[] g = new ServiceGroup[1];
    g[0] = ServiceGroup.builder().component("self", (ctx, ready) -> {
      ready.run();
      fromBody.complete(catchThrowable(g[0]::shutdown));
      ctx.await();
    }).build();
    g[0].start(bg);
    assertThat(fromBody.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("own thread");
    assertThat(g[0].shutdown().allStopped()).isTrue();
  }

  // ---- an interrupt pending on entry stops blocking channel calls and Select.run even when they are ready ----

  @Test
  void aPendingInterruptStopsReadyChannelCallsAndSelectAndIsKept() {
    Channel<String> ch = Channel.buffered(4);
    ch.trySend("ready");
    Thread.currentThread().interrupt();
    try {
      assertThat(catchThrowable(() -> ch.receive(bg))).isInstanceOf(CancelledException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(catchThrowable(() -> ch.send(bg, "more"))).isInstanceOf(CancelledException.class);
      assertThat(catchThrowable(() -> ch.tryReceive(bg, Duration.ofSeconds(1)))).isInstanceOf(CancelledException.class);
      assertThat(catchThrowable(() -> ch.trySend(bg, "x", Duration.ofSeconds(1))))
          .isInstanceOf(CancelledException.class);
      Select s = Select.on(bg).receive(ch, v -> {});
      assertThat(catchThrowable(s::run)).isInstanceOf(CancelledException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(ch.size()).isEqualTo(1); // nothing was taken or added
      // The non-blocking forms look at neither the context nor the interrupt.
      assertThat(s.tryRun()).isZero();
      assertThat(ch.trySend("y")).isTrue();
      assertThat(ch.tryReceive()).contains("y");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aSelectLoopOverBusyChannelsStopsOnInterrupt() throws Exception {
    Channel<Integer> busy = Channel.buffered(64);
    try (Loop feeder = Loop.workers(bg, 1, c -> busy.send(c, 1))) {
      CountDownLatch looping = new CountDownLatch(1);
      Thread t = Thread.ofVirtual().start(() -> {
        Select s = Select.on(bg).receive(busy, v -> looping.countDown());
        try {
          while (true) {
            s.run();
          }
        } catch (CancelledException e) {
          // stopped: the point of the test
        }
      });
      looping.await();
      t.interrupt();
      t.join(Duration.ofSeconds(10));
      assertThat(t.isAlive()).isFalse();
    }
  }

  // ---- the group's context cause tells "a sibling failed" from "cancelled" ----

  @Test
  void aGroupsContextCauseIsTheFailureItselfOrACancellation() throws Exception {
    IOException boom = new IOException("sibling failed");
    TaskGroup failed = TaskGroup.open(bg);
    failed.go(c -> {
      throw boom;
    });
    assertThatThrownBy(failed::await).isInstanceOf(TaskFailedException.class);
    assertThat(failed.context().cause()).isSameAs(boom);
    failed.close();

    TaskGroup closed = TaskGroup.open(bg);
    closed.close();
    assertThat(closed.context().cause()).isInstanceOf(CancelledException.class);

    CancellableContext parent = bg.withCancel();
    CancellationCauseTest.LoggedOut why = new CancellationCauseTest.LoggedOut();
    TaskGroup child = TaskGroup.open(parent);
    parent.cancel(why);
    assertThat(child.context().cause()).isSameAs(why);
    child.close();
  }

  // ---- owners started under a context that is done already ----

  @Test
  void ownersStartedUnderADoneContextStartNoWorkOfTheirOwn() throws Exception {
    CancellableContext done = bg.withCancel();
    done.cancel();
    AtomicInteger ran = new AtomicInteger();

    List<SupervisorEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    Supervisor sup = Supervisor.builder().listener(events::add)
        .child("c", Supervisor.RestartType.PERMANENT, c -> ran.incrementAndGet()).start(done);
    sup.await(); // ends at once, normally
    sup.close();
    assertThat(events).noneMatch(e -> e instanceof SupervisorEvent.Started);

    ServiceGroup g = ServiceGroup.builder().component("root", (c, ready) -> ran.incrementAndGet()).build();
    assertThatThrownBy(() -> g.start(done)).isInstanceOf(ServiceGroupException.class)
        .hasCauseInstanceOf(CancelledException.class)
        .satisfies(e -> assertThat(((ServiceGroupException) e).report().components())
            .noneMatch(ShutdownReport.Component::started));

    try (Loop loop = Loop.fixedRate(done, Duration.ofMillis(1), c -> ran.incrementAndGet())) {
      loop.await();
    }

    WorkerPool<String> pool = WorkerPool.<String>builder((c, j) -> ran.incrementAndGet()).open(done);
    assertThatThrownBy(() -> pool.submit(bg, "x")).isInstanceOf(PoolClosedException.class);
    pool.close();
    assertThat(ran).hasValue(0);

    // TaskGroup.go is an explicit request: the task starts and finds its context done (as errgroup's Go does).
    try (TaskGroup tg = TaskGroup.open(done)) {
      Task<Boolean> t = tg.fork(Context::isDone);
      assertThat(t.join()).isTrue();
    }
  }

  // ---- a timeout or deadline too far away to represent is no deadline ----

  @Test
  void anUnrepresentableTimeoutOrDeadlineIsNoDeadline() {
    for (CancellableContext c : List.of(
        bg.withTimeout(Duration.ofSeconds(Long.MAX_VALUE)),
        bg.withTimeout(Duration.ofDays(365L * 1000)),
        bg.withDeadline(Instant.MAX))) {
      assertThat(c.deadline()).isEmpty();
      assertThat(c.isDone()).isFalse();
      assertThat(c.withTimeout(Duration.ofSeconds(Long.MAX_VALUE)).deadline()).isEmpty();
      c.close();
    }
    try (CancellableContext near = bg.withTimeout(Duration.ofDays(365))) {
      assertThat(near.deadline()).isPresent(); // a year is a deadline
      try (CancellableContext far = near.withTimeout(Duration.ofSeconds(Long.MAX_VALUE))) {
        assertThat(far.deadline()).isEqualTo(near.deadline()); // never later than the parent's
      }
    }
  }

  // ---- shutdown() after the parent context was cancelled ----

  @Test
  void shutdownAfterAParentCancelReportsTheStopWithoutDraining() throws Exception {
    CountDownLatch ended = new CountDownLatch(1);
    AtomicInteger drains = new AtomicInteger();
    CancellableContext parent = bg.withCancel();
    ServiceGroup g = ServiceGroup.builder().component("db", Service.of((ctx, ready) -> {
      ready.run();
      try {
        ctx.await();
      } finally {
        ended.countDown();
      }
    }, c -> drains.incrementAndGet())).build();
    g.start(parent);
    parent.cancel();
    ended.await();
    ShutdownReport r = g.shutdown();
    assertThat(r.allStopped()).isTrue();
    assertThat(r.failures()).isEmpty();
    assertThat(drains).hasValue(0);
    assertThat(g.shutdown()).isSameAs(r);
  }
}
