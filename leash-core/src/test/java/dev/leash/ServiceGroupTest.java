package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceGroupTest {

  /** A component that records its start, drain and stop in {@code log}. */
  private static Service recording(String name, ConcurrentLinkedQueue<String> log) {
    return Service.of((ctx, ready) -> {
      log.add("start " + name);
      ready.run();
      try {
        ctx.await(); // ends by the interrupt that comes with the cancel
      } finally {
        log.add("stop " + name);
      }
    }, ctx -> log.add("drain " + name));
  }

  private static int index(List<String> log, String entry) {
    int i = log.indexOf(entry);
    assertThat(i).as(entry).isNotNegative();
    return i;
  }

  @Test
  void startsInDependencyOrderAndStopsInReverseInTwoPhases() {
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    ServiceGroup g = ServiceGroup.builder().name("app")
        .component("http", recording("http", log), "db", "cache")
        .component("db", recording("db", log))
        .component("cache", recording("cache", log), "db")
        .drainBudget(Duration.ofSeconds(10)).stopBudget(Duration.ofSeconds(10))
        .build();
    g.start(Context.background());
    List<String> started = List.copyOf(log);
    assertThat(started).containsExactly("start db", "start cache", "start http");
    ShutdownReport r = g.shutdown();
    List<String> all = List.copyOf(log);
    // drain: http before cache before db; stop: http before cache before db; every drain before any stop.
    assertThat(index(all, "drain http")).isLessThan(index(all, "drain cache"));
    assertThat(index(all, "drain cache")).isLessThan(index(all, "drain db"));
    assertThat(index(all, "drain db")).isLessThan(index(all, "stop http"));
    assertThat(index(all, "stop http")).isLessThan(index(all, "stop cache"));
    assertThat(index(all, "stop cache")).isLessThan(index(all, "stop db"));
    assertThat(r.allStopped()).isTrue();
    assertThat(r.failures()).isEmpty();
    assertThat(r.components()).extracting(ShutdownReport.Component::name).containsExactly("http", "db", "cache");
    assertThat(r.components()).allMatch(c -> c.drained() && c.stopped() && c.stopTime() != null);
    assertThat(r.text()).contains("service group app: 3 of 3 started components stopped", "http", "drained in");
    assertThat(g.shutdown()).isSameAs(r);
    assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("app"));
  }

  @Test
  void independentComponentsStartDrainAndStopInParallel() {
    int n = 4;
    CyclicBarrier allStarting = new CyclicBarrier(n);
    CyclicBarrier allDraining = new CyclicBarrier(n);
    CountDownLatch allStopping = new CountDownLatch(n);
    ServiceGroup.Builder b = ServiceGroup.builder().name("par");
    for (int i = 0; i < n; i++) {
      b.component("c" + i, Service.of((ctx, ready) -> {
        allStarting.await(10, TimeUnit.SECONDS); // only passes if all start at once
        ready.run();
        try {
          ctx.await();
        } catch (InterruptedException cancelled) {
          // the cancel's interrupt; await may also return first, leaving the interrupt pending
        }
        // Only completes if all are cancelled before any has ended. A latch, not a barrier: the cancel's interrupt
        // may still be on its way, and it must not break the wait for the others.
        allStopping.countDown();
        for (;;) {
          try {
            if (!allStopping.await(10, TimeUnit.SECONDS)) {
              throw new AssertionError("components were not cancelled in parallel");
            }
            break;
          } catch (InterruptedException lateInterrupt) {
            // the cancel's interrupt arrived after await returned: wait on
          }
        }
      }, ctx -> allDraining.await(10, TimeUnit.SECONDS)));
    }
    ServiceGroup g = b.build();
    g.start(Context.background());
    ShutdownReport r = g.shutdown();
    assertThat(r.allStopped()).isTrue();
    assertThat(r.failures()).isEmpty();
    assertThat(r.components()).allMatch(ShutdownReport.Component::drained);
  }

  @Test
  void aFailingStartStopsWhatStartedInReverseAndThrowsWithTheReport() {
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    IllegalStateException boom = new IllegalStateException("no config");
    ServiceGroup g = ServiceGroup.builder().name("bad")
        .component("db", recording("db", log))
        .component("cache", recording("cache", log), "db")
        .component("http", (ctx, ready) -> {
          throw boom;
        }, "cache")
        .component("after", recording("after", log), "http")
        .build();
    assertThatThrownBy(() -> g.start(Context.background()))
        .isInstanceOf(ServiceGroupException.class)
        .hasMessageContaining("component http").hasCause(boom)
        .satisfies(e -> {
          ShutdownReport r = ((ServiceGroupException) e).report();
          assertThat(r.allStopped()).isTrue();
          assertThat(r.failures()).containsExactly(boom);
          assertThat(r.components()).filteredOn(c -> c.name().equals("after")).singleElement()
              .satisfies(c -> assertThat(c.started()).isFalse());
        });
    List<String> all = List.copyOf(log);
    assertThat(all).doesNotContain("start after");
    assertThat(index(all, "stop cache")).isLessThan(index(all, "stop db"));
    assertThatThrownBy(() -> g.start(Context.background()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void aComponentHoldingPastTheBudgetIsNamedWithItsStack() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch drainStuck = new CountDownLatch(1);
    ServiceGroup g = ServiceGroup.builder().name("hold")
        .component("ok", (ctx, ready) -> {
          ready.run();
          ctx.await();
        })
        .component("stubborn", Service.of((ctx, ready) -> {
          ready.run();
          holdUninterruptibly(release);
        }, ctx -> {
          drainStuck.countDown();
          holdUninterruptibly(release);
        }))
        .drainBudget(Duration.ofMillis(100)).stopBudget(Duration.ofMillis(200))
        .build();
    g.start(Context.background());
    long start = System.nanoTime();
    ShutdownReport r;
    try {
      r = g.shutdown();
    } finally {
      release.countDown();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
    assertThat(r.allStopped()).isFalse();
    assertThat(r.stragglers()).containsExactly("stubborn");
    ShutdownReport.Component c = r.components().get(1);
    assertThat(c.drained()).isFalse();
    assertThat(c.stragglers()).extracting(ShutdownReport.Straggler::threadName)
        .containsExactlyInAnyOrder("hold/stubborn", "hold/stubborn/drain");
    assertThat(r.text()).contains("stubborn", "NOT STOPPED", "DRAIN OVER BUDGET", "holdUninterruptibly");
    assertThat(r.components().get(0).stopped()).isTrue();
    // The stragglers end once released; the group's registration goes with them.
    for (ShutdownReport.Straggler s : c.stragglers()) {
      Thread t = Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().equals(s.threadName()))
          .findFirst().orElse(null);
      if (t != null) {
        t.join();
      }
    }
  }

  static void holdUninterruptibly(CountDownLatch release) {
    for (;;) {
      try {
        release.await();
        return;
      } catch (InterruptedException ignored) {
        // deliberately ignores cancellation: the straggler under test
      }
    }
  }

  @Test
  void aFailureAfterStartIsReportedAndRequestsShutdown() {
    CountDownLatch fail = new CountDownLatch(1);
    IllegalStateException late = new IllegalStateException("disk full");
    ServiceGroup g = ServiceGroup.builder().name("late")
        .component("writer", (ctx, ready) -> {
          ready.run();
          fail.await();
          throw late;
        }).build();
    g.start(Context.background());
    fail.countDown(); // fails after the start: a failure during start would fail start() instead
    ShutdownReport r = g.runUntilSignal(Context.background()); // returns because the component failed
    assertThat(r.failures()).containsExactly(late);
    assertThat(r.text()).contains("failed: java.lang.IllegalStateException: disk full");
    assertThat(r.allStopped()).isTrue();
  }

  @Test
  void startTimeoutAndCancellationFailTheStart() {
    ServiceGroup slow = ServiceGroup.builder().name("slow").startTimeout(Duration.ofMillis(50))
        .component("never-ready", (ctx, ready) -> ctx.await()).build();
    assertThatThrownBy(() -> slow.start(Context.background()))
        .isInstanceOf(ServiceGroupException.class).hasMessageContaining("never-ready")
        .hasCauseInstanceOf(DeadlineExceededException.class);
    CancellableContext parent = Context.background().withCancel();
    parent.cancel();
    ServiceGroup cancelled = ServiceGroup.builder()
        .component("never-ready", (ctx, ready) -> ctx.await()).build();
    assertThatThrownBy(() -> cancelled.start(parent))
        .isInstanceOf(ServiceGroupException.class).hasCauseInstanceOf(CancelledException.class);
  }

  @Test
  void badInputGetsClearErrors() {
    Service s = (ctx, ready) -> ready.run();
    assertThatThrownBy(() -> ServiceGroup.builder().component("a", s, "b").component("b", s, "c")
        .component("c", s, "a").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dependency cycle: a -> b -> c -> a");
    assertThatThrownBy(() -> ServiceGroup.builder().component("a", s, "a").build())
        .hasMessage("dependency cycle: a -> a");
    assertThatThrownBy(() -> ServiceGroup.builder().component("http", s, "dbx").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("component http depends on unknown component dbx");
    assertThatThrownBy(() -> ServiceGroup.builder().component("a", s).component("a", s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate component name: a");
    assertThatThrownBy(() -> ServiceGroup.builder().drainBudget(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainBudget");
    assertThatThrownBy(() -> ServiceGroup.builder().stopBudget(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stopBudget");
    assertThatThrownBy(() -> ServiceGroup.builder().build()).hasMessageContaining("at least one component");
    ServiceGroup g = ServiceGroup.builder().component("a", s).build();
    g.close(); // never started
    assertThatThrownBy(() -> g.start(Context.background()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    ServiceGroup twice = ServiceGroup.builder().component("a", s).build();
    twice.start(Context.background());
    assertThatThrownBy(() -> twice.start(Context.background())).hasMessageContaining("started already");
    assertThat(twice.shutdown().allStopped()).isTrue();
  }
}
