package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The start and shutdown of a {@link ServiceGroup} racing each other and stop requests (issue 16, bugs 5 and 6). */
class ServiceGroupRaceTest {

  @Test
  @Timeout(60)
  void aStopRequestWhileRunUntilSignalStartsEndsTheStartAndShutsDown() throws Exception {
    CountDownLatch bodyStarted = new CountDownLatch(1);
    ServiceGroup g = ServiceGroup.builder().name("never-ready")
        .drainBudget(Duration.ofSeconds(5)).stopBudget(Duration.ofSeconds(5))
        .component("db", (ctx, ready) -> {
          bodyStarted.countDown();
          ctx.await(); // never ready; no start timeout
        })
        .component("http", (ctx, ready) -> ready.run(), "db")
        .build();
    try (TaskGroup t = TaskGroup.open(Context.background())) {
      Task<ShutdownReport> run = t.fork(c -> g.runUntilSignal(Context.background()));
      assertThat(bodyStarted.await(10, TimeUnit.SECONDS)).isTrue();
      g.requestStop(); // what SIGINT / SIGTERM do
      ShutdownReport r = run.join();
      assertThat(r.allStopped()).isTrue();
      assertThat(r.components()).filteredOn(c -> c.name().equals("http")).singleElement()
          .satisfies(c -> assertThat(c.started()).isFalse());
    }
    assertThat(g.toString()).contains("STOPPED");
    assertThat(Owners.isRegistered(g)).isFalse();
  }

  @Test
  @Timeout(60)
  void shutdownRacingStartLeavesNoComponentRunningAndTheGroupStopped() throws Exception {
    AtomicInteger startThrew = new AtomicInteger();
    for (int round = 0; round < 150; round++) {
      AtomicInteger alive = new AtomicInteger();
      Service tracked = (ctx, ready) -> {
        alive.incrementAndGet();
        try {
          ready.run();
          ctx.await();
        } finally {
          alive.decrementAndGet();
        }
      };
      ServiceGroup g = ServiceGroup.builder().name("race-" + round)
          .drainBudget(Duration.ofSeconds(5)).stopBudget(Duration.ofSeconds(5))
          .component("a", tracked).component("b", tracked, "a").component("c", tracked, "b")
          .component("d", tracked, "c").build();
      CyclicBarrier both = new CyclicBarrier(2);
      try (TaskGroup t = TaskGroup.open(Context.background())) {
        t.go(c -> {
          both.await();
          try {
            g.start(Context.background());
          } catch (ServiceGroupException | IllegalStateException e) {
            startThrew.incrementAndGet();
          }
        });
        Task<ShutdownReport> stop = t.fork(c -> {
          both.await();
          return g.shutdown();
        });
        ShutdownReport r = stop.join();
        t.await();
        assertThat(r.allStopped()).as("round %d: %s", round, r.text()).isTrue();
      }
      assertThat(alive).as("round %d: components still running", round).hasValue(0);
      assertThat(g.toString()).as("round %d", round).contains("STOPPED");
      assertThat(Owners.isRegistered(g)).as("round %d: still registered", round).isFalse();
    }
  }
}
