package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.Supervisor.RestartType;
import dev.leash.Supervisor.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SupervisorTest {
  private static final Duration LONG = Duration.ofMinutes(1);

  /** Collects events and counts them per kind and child. */
  static final class Events {
    final ConcurrentLinkedQueue<SupervisorEvent> all = new ConcurrentLinkedQueue<>();

    void accept(SupervisorEvent e) {
      all.add(e);
    }

    long started(String child) {
      return all.stream().filter(e -> e instanceof SupervisorEvent.Started s && s.child().equals(child)).count();
    }

    long restarts(String child) {
      return all.stream().filter(e -> e instanceof SupervisorEvent.Restarting r && r.child().equals(child)).count();
    }

    List<SupervisorEvent.Exited> exits(String child) {
      return all.stream().filter(e -> e instanceof SupervisorEvent.Exited x && x.child().equals(child))
          .map(e -> (SupervisorEvent.Exited) e).toList();
    }
  }

  private static Supervisor.Builder fast(Events ev) {
    return Supervisor.builder().backoff(Backoff.none()).intensity(100, LONG).listener(ev::accept);
  }

  /** A child that fails {@code times} times (counting down {@code failed} each time), then waits for cancel. */
  private static ContextRunnable failing(int times, AtomicInteger runs, CountDownLatch steady) {
    return ctx -> {
      if (runs.incrementAndGet() <= times) {
        throw new IllegalStateException("fail " + runs.get());
      }
      steady.countDown();
      ctx.await();
    };
  }

  private static ContextRunnable idle(CountDownLatch started) {
    return ctx -> {
      started.countDown();
      ctx.await();
    };
  }

  @Test
  void oneForOneRestartsOnlyTheFailedChild() throws Exception {
    Events ev = new Events();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch steady = new CountDownLatch(1);
    CountDownLatch otherUp = new CountDownLatch(1);
    try (Supervisor s = fast(ev).name("s1")
        .child("a", RestartType.PERMANENT, failing(2, runs, steady))
        .child("b", RestartType.PERMANENT, idle(otherUp)).start(Context.background())) {
      steady.await();
      otherUp.await();
      assertThat(s.isEnded()).isFalse();
    }
    assertThat(runs).hasValue(3);
    assertThat(ev.started("a")).isEqualTo(3);
    assertThat(ev.started("b")).isEqualTo(1);
    assertThat(ev.restarts("a")).isEqualTo(2);
    assertThat(ev.exits("a")).hasSize(3);
    assertThat(ev.exits("a").get(0).failure()).hasMessage("fail 1");
    assertThat(ev.exits("a").get(2).stopped()).isTrue();
  }

  @Test
  void oneForAllStopsAndRestartsEverySiblingButTemporaryOnes() throws Exception {
    Events ev = new Events();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch steady = new CountDownLatch(1);
    CountDownLatch bUp = new CountDownLatch(2);
    CountDownLatch tempUp = new CountDownLatch(1);
    CountDownLatch startFailing = new CountDownLatch(1);
    try (Supervisor s = fast(ev).strategy(Strategy.ONE_FOR_ALL)
        .child("b", RestartType.TRANSIENT, idle(bUp))
        .child("temp", RestartType.TEMPORARY, idle(tempUp))
        .child("a", RestartType.PERMANENT, ctx -> {
          if (runs.incrementAndGet() == 1) {
            startFailing.await();
            throw new IllegalStateException("boom");
          }
          steady.countDown();
          ctx.await();
        }).start(Context.background())) {
      tempUp.await();
      startFailing.countDown();
      steady.await();
      bUp.await();
    }
    assertThat(ev.started("a")).isEqualTo(2);
    assertThat(ev.started("b")).isEqualTo(2);
    assertThat(ev.exits("b").get(0).stopped()).isTrue();
    assertThat(ev.exits("b").get(0).failure()).isNull();
    assertThat(ev.started("temp")).isEqualTo(1);
  }

  @Test
  void restForOneRestartsTheChildrenStartedAfterTheFailedOne() throws Exception {
    Events ev = new Events();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch steady = new CountDownLatch(1);
    CountDownLatch firstUp = new CountDownLatch(1);
    CountDownLatch lastUp = new CountDownLatch(2);
    CountDownLatch go = new CountDownLatch(1);
    try (Supervisor s = fast(ev).strategy(Strategy.REST_FOR_ONE)
        .child("first", RestartType.PERMANENT, idle(firstUp))
        .child("middle", RestartType.PERMANENT, ctx -> {
          if (runs.incrementAndGet() == 1) {
            go.await();
            throw new IllegalStateException("middle broke");
          }
          steady.countDown();
          ctx.await();
        })
        .child("last", RestartType.PERMANENT, idle(lastUp)).start(Context.background())) {
      firstUp.await();
      go.countDown();
      steady.await();
      lastUp.await();
    }
    assertThat(ev.started("first")).isEqualTo(1);
    assertThat(ev.started("middle")).isEqualTo(2);
    assertThat(ev.started("last")).isEqualTo(2);
  }

  @Test
  void restartTypesFollowOtp() throws Exception {
    Events ev = new Events();
    AtomicInteger transientExits = new AtomicInteger();
    CountDownLatch settled = new CountDownLatch(3);
    AtomicInteger permanentRuns = new AtomicInteger();
    AtomicInteger transientRuns = new AtomicInteger();
    AtomicInteger temporaryRuns = new AtomicInteger();
    Supervisor s = fast(ev)
        .listener(e -> {
          ev.accept(e);
          switch (e) {
            case SupervisorEvent.Started st when st.child().equals("permanent") && st.incarnation() == 3 ->
                settled.countDown();
            case SupervisorEvent.Exited x when x.child().equals("transient") && transientExits.incrementAndGet() == 2 ->
                settled.countDown();
            case SupervisorEvent.Exited x when x.child().equals("temporary") -> settled.countDown();
            default -> { }
          }
        })
        .child("permanent", RestartType.PERMANENT, ctx -> {
          if (permanentRuns.incrementAndGet() < 3) {
            return; // a normal return is restarted too
          }
          ctx.await();
        })
        .child("transient", RestartType.TRANSIENT, ctx -> {
          if (transientRuns.incrementAndGet() == 1) {
            throw new IllegalStateException("restart me");
          }
          // returns normally: not restarted
        })
        .child("temporary", RestartType.TEMPORARY, ctx -> {
          temporaryRuns.incrementAndGet();
          throw new IllegalStateException("never restarted");
        }).start(Context.background());
    // transient and temporary end for good; permanent runs on: wait until its third incarnation started.
    settled.await();
    assertThat(s.isEnded()).isFalse();
    s.close();
    assertThat(permanentRuns).hasValue(3);
    assertThat(transientRuns).hasValue(2);
    assertThat(temporaryRuns).hasValue(1);
    assertThat(ev.restarts("temporary")).isZero();
    assertThat(ev.restarts("transient")).isEqualTo(1);
  }

  @Test
  void endsByItselfWhenNoChildIsLeft() throws Exception {
    Events ev = new Events();
    Supervisor s = fast(ev)
        .child("once", RestartType.TRANSIENT, ctx -> {})
        .child("also", RestartType.TEMPORARY, ctx -> {}).start(Context.background());
    s.await();
    assertThat(s.isEnded()).isTrue();
    assertThat(s.context().isDone()).isTrue();
    s.close();
  }

  @Test
  void exceedingIntensityStopsTheChildrenAndFails() throws Exception {
    Events ev = new Events();
    CountDownLatch siblingUp = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Supervisor s = Supervisor.builder().name("fragile").backoff(Backoff.none())
        .intensity(2, LONG).listener(ev::accept)
        .child("sibling", RestartType.PERMANENT, idle(siblingUp))
        .child("bad", RestartType.PERMANENT, ctx -> {
          siblingUp.await();
          throw new IllegalStateException("bad " + runs.incrementAndGet());
        }).start(Context.background());
    assertThatThrownBy(s::await)
        .isInstanceOf(SupervisorException.class)
        .hasMessageContaining("fragile").hasMessageContaining("bad")
        .hasRootCauseMessage("bad 3");
    assertThat(runs).hasValue(3); // 2 restarts allowed, the third exit gives up
    assertThat(ev.exits("sibling")).singleElement().satisfies(x -> assertThat(x.stopped()).isTrue());
    assertThat(ev.all).filteredOn(e -> e instanceof SupervisorEvent.GaveUp).hasSize(1);
    s.close(); // reported by await already
  }

  @Test
  void failuresEscalateThroughNestedSupervisors() throws Exception {
    Events parentEvents = new Events();
    AtomicInteger leafRuns = new AtomicInteger();
    Supervisor.Builder inner = Supervisor.builder().backoff(Backoff.none()).intensity(1, LONG)
        .child("leaf", RestartType.PERMANENT, ctx -> {
          throw new IllegalStateException("leaf " + leafRuns.incrementAndGet());
        });
    Supervisor parent = Supervisor.builder().name("root").backoff(Backoff.none()).intensity(1, LONG)
        .listener(parentEvents::accept)
        .child("inner", RestartType.PERMANENT, inner).start(Context.background());
    assertThatThrownBy(parent::await)
        .isInstanceOf(SupervisorException.class)
        .hasMessageContaining("root")
        .cause().isInstanceOf(SupervisorException.class).hasMessageContaining("inner");
    // inner gives up after 2 leaf runs; root restarts inner once, then gives up on its second give-up.
    assertThat(leafRuns).hasValue(4);
    assertThat(parentEvents.started("inner")).isEqualTo(2);
    parent.close(); // already reported by await
    assertThat(Leash.tasks()).noneMatch(o -> o.kind().equals("supervisor"));
  }

  /** Seed 004 task 9: a child that fails every iteration is restarted, logged by name, and still stops on close. */
  @Test
  void childFailingEveryIterationIsRestartedLoggedAndStopsOnClose() throws Exception {
    Events ev = new Events();
    CountDownLatch twenty = new CountDownLatch(20);
    ConcurrentLinkedQueue<LogRecord> logged = new ConcurrentLinkedQueue<>();
    Logger jul = Logger.getLogger("dev.leash.Supervisor");
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(h);
    AtomicInteger runs = new AtomicInteger();
    try {
      Supervisor s = Supervisor.builder().name("task9")
          .backoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(4)))
          .intensity(Integer.MAX_VALUE, LONG)
          .listener(e -> {
            ev.accept(e);
            if (e instanceof SupervisorEvent.Restarting) {
              twenty.countDown();
            }
          })
          .child("panicky", RestartType.PERMANENT, ctx -> {
            if (runs.incrementAndGet() % 2 == 0) {
              recurse(0); // a real StackOverflowError
            }
            throw new IllegalStateException("panic");
          }).start(Context.background());
      assertThat(twenty.await(30, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      s.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    } finally {
      jul.removeHandler(h);
    }
    assertThat(ev.exits("panicky")).anyMatch(x -> x.failure() instanceof StackOverflowError)
        .anyMatch(x -> x.failure() instanceof IllegalStateException);
    assertThat(logged).anyMatch(r -> r.getMessage().contains("panicky") && r.getThrown() instanceof StackOverflowError);
    assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("task9"));
  }

  private static int recurse(int n) {
    return recurse(n + 1) + 1;
  }

  @Test
  void closeDuringALongBackoffReturnsPromptly() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    Supervisor s = Supervisor.builder().backoff(Backoff.fixed(Duration.ofSeconds(30))).intensity(10, LONG)
        .listener(e -> {
          if (e instanceof SupervisorEvent.Restarting) {
            waiting.countDown();
          }
        })
        .child("slow", RestartType.PERMANENT, ctx -> {
          throw new IllegalStateException("down");
        }).start(Context.background());
    waiting.await();
    long start = System.nanoTime();
    s.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(s.isEnded()).isTrue();
  }

  @Test
  void supervisorsAreListedByLeashTasksWhileRunning() throws Exception {
    CountDownLatch up = new CountDownLatch(1);
    try (Supervisor s = Supervisor.builder().name("listed")
        .child("w", RestartType.PERMANENT, idle(up)).start(Context.background())) {
      up.await();
      assertThat(Leash.tasks()).filteredOn(o -> o.name().equals("listed")).singleElement()
          .satisfies(o -> {
            assertThat(o.kind()).isEqualTo("supervisor");
            assertThat(o.tasks()).extracting(TaskInfo::threadName).contains("listed/w", "listed/control");
          });
    }
    assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("listed"));
  }

  @Test
  void parentCancellationStopsTheSupervisorAndCloseIsIdempotentFromManyThreads() throws Exception {
    CountDownLatch up = new CountDownLatch(3);
    CancellableContext parent = Context.background().withCancel();
    Supervisor s = Supervisor.builder().platformThreads()
        .child("x", RestartType.PERMANENT, idle(up))
        .child("y", RestartType.PERMANENT, ctx -> {
          up.countDown();
          Thread.sleep(Long.MAX_VALUE); // stopped by the interrupt
        })
        .child("z", RestartType.PERMANENT, idle(up)).start(parent);
    up.await();
    parent.cancel();
    s.await();
    int n = 8;
    CyclicBarrier barrier = new CyclicBarrier(n);
    Thread[] closers = new Thread[n];
    for (int i = 0; i < n; i++) {
      closers[i] = Thread.ofVirtual().start(() -> {
        try {
          barrier.await();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        s.close();
      });
    }
    for (Thread t : closers) {
      t.join();
    }
    assertThat(s.isEnded()).isTrue();
  }

  /**
   * Stress: eight children failing at random, under each strategy. Invariants: never two incarnations of one child
   * at once (a restart waits for the previous incarnation's end), and close() ends every child.
   */
  @Test
  void groupRestartsUnderRandomFailuresNeverOverlapIncarnations() throws Exception {
    for (Strategy strategy : Strategy.values()) {
      int n = 8;
      AtomicInteger[] running = new AtomicInteger[n];
      AtomicInteger overlaps = new AtomicInteger();
      AtomicInteger restarts = new AtomicInteger();
      CountDownLatch enough = new CountDownLatch(300);
      Supervisor.Builder b = Supervisor.builder().name("stress-" + strategy).strategy(strategy)
          .backoff(Backoff.none()).intensity(Integer.MAX_VALUE, LONG)
          .listener(e -> {
            if (e instanceof SupervisorEvent.Restarting) {
              restarts.incrementAndGet();
              enough.countDown();
            }
          });
      for (int i = 0; i < n; i++) {
        AtomicInteger r = running[i] = new AtomicInteger();
        b.child("c" + i, RestartType.PERMANENT, ctx -> {
          if (r.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
          }
          try {
            if (java.util.concurrent.ThreadLocalRandom.current().nextInt(3) == 0) {
              throw new IllegalStateException("random");
            }
            Thread.yield();
          } finally {
            r.decrementAndGet();
          }
        });
      }
      Supervisor s = b.start(Context.background());
      assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
      s.close();
      assertThat(overlaps).as(strategy.name()).hasValue(0);
      for (AtomicInteger r : running) {
        assertThat(r).hasValue(0);
      }
      assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("stress-" + strategy));
    }
  }

  @Test
  void aChildIgnoringCancelIsNamedWithItsStackAfterTheShutdownTimeoutAndCloseStillWaits() throws Exception {
    CountDownLatch up = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch warned = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();
    Logger jul = Logger.getLogger("dev.leash.Supervisor");
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage().contains("has not stopped")) {
          warnings.add(r.getMessage());
          warned.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(h);
    try {
      Supervisor s = Supervisor.builder().name("deaf").shutdownTimeout(Duration.ofMillis(50))
          .child("ignores-cancel", RestartType.PERMANENT, ctx -> {
            up.countDown();
            ServiceGroupTest.holdUninterruptibly(release);
          }).start(Context.background());
      up.await();
      Thread closer = Thread.ofVirtual().start(s::close);
      assertThat(warned.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(closer.isAlive()).isTrue(); // close() keeps waiting: Java cannot kill the thread
      release.countDown();
      closer.join();
      assertThat(s.isEnded()).isTrue();
    } finally {
      release.countDown();
      jul.removeHandler(h);
    }
    assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
        .contains("ignores-cancel", "deaf/ignores-cancel", "holdUninterruptibly"));
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> Supervisor.builder().child("a", RestartType.PERMANENT, c -> {})
        .child("a", RestartType.TEMPORARY, c -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate child name: a");
    assertThatThrownBy(() -> Supervisor.builder().start(Context.background()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one child");
    assertThatThrownBy(() -> Supervisor.builder().intensity(-1, LONG)).hasMessageContaining("maxRestarts");
    assertThatThrownBy(() -> Supervisor.builder().intensity(1, Duration.ZERO)).hasMessageContaining("window");
    assertThatThrownBy(() -> Supervisor.builder().shutdownTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("shutdownTimeout");
  }
}
