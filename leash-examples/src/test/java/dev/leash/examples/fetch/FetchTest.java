package dev.leash.examples.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.Context;
import dev.leash.TaskFailedException;
import dev.leash.examples.ExpectLeak;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FetchTest {

  private static List<String> urls(int n, boolean halfFail) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      urls.add(halfFail && i % 2 == 1 ? "fail-" + i : "u" + i);
    }
    return urls;
  }

  @Test
  void leakyFetchAllLeavesItsPoolIdle() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      FakeWeb web = new FakeWeb(Duration.ofMillis(20));
      assertThatThrownBy(() -> LeakyFetchAll.fetchAll(web, List.of("a", "fail-b", "c"), 3))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
      assertThat(web.awaitEnded(3, Duration.ofSeconds(10))).isTrue(); // the pool is idle from here on
      assertThat(check.assertLeaks("idle-executor")).containsEntry("idle-executor", 3);
    } finally {
      LeakyFetchAll.stopAll();
    }
  }

  @Test
  void fetchAllReturnsBodiesInOrder() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    List<String> bodies = FetchAll.fetchAll(Context.background(), new FakeWeb(Duration.ofMillis(5)), urls(20, false));
    assertThat(bodies).hasSize(20).first().isEqualTo("body of u0");
    assertThat(bodies.get(19)).isEqualTo("body of u19");
    check.assertNone();
  }

  @Test
  void theFirstFailureCancelsTheOtherFetches() {
    ExpectLeak check = ExpectLeak.snapshot();
    FakeWeb web = new FakeWeb(Duration.ofSeconds(2)); // a failing URL fails after 200 ms
    List<String> urls = List.of("a", "b", "fail-c", "d", "e");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> FetchAll.fetchAll(Context.background(), web, urls))
        .isInstanceOf(TaskFailedException.class).hasCauseInstanceOf(IOException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1500);
    assertThat(web.cancelled()).as("siblings cancelled").isEqualTo(4);
    assertThat(web.completed()).isZero();
    assertThat(web.inFlight()).isZero();
    check.assertNone();
  }

  @Test
  void leakyBoundedFetchLeavesEightIdleThreads() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      FakeWeb web = new FakeWeb(Duration.ofMillis(10));
      assertThatThrownBy(() -> LeakyFetchAll.fetchAll(web, urls(40, true), 8))
          .isInstanceOf(ExecutionException.class);
      assertThat(web.awaitEnded(40, Duration.ofSeconds(10))).isTrue();
      assertThat(check.assertLeaks("idle-executor")).containsEntry("idle-executor", 8);
    } finally {
      LeakyFetchAll.stopAll();
    }
  }

  @Test
  void boundedFetchKeepsAtMostEightInFlight() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    FakeWeb web = new FakeWeb(Duration.ofMillis(20));
    long t0 = System.nanoTime();
    List<String> bodies = FetchAll.fetchBounded(Context.background(), web, urls(100, false), 8);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(bodies).hasSize(100);
    assertThat(web.maxInFlight()).isBetween(1, 8);
    assertThat(millis).as("13 waves of 20 ms at least").isGreaterThanOrEqualTo(13 * 20);
    check.assertNone();
  }

  @Test
  void boundedFetchWithHalfFailingLeavesNothing() {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int round = 0; round < 5; round++) {
      FakeWeb web = new FakeWeb(Duration.ofMillis(20));
      assertThatThrownBy(() -> FetchAll.fetchBounded(Context.background(), web, urls(100, true), 8))
          .isInstanceOf(TaskFailedException.class).hasCauseInstanceOf(IOException.class);
      assertThat(web.inFlight()).isZero();
      assertThat(web.maxInFlight()).isLessThanOrEqualTo(8);
    }
    assertThatThrownBy(() -> FetchAll.fetchBounded(Context.background(), new FakeWeb(Duration.ZERO), urls(1, false), 0))
        .isInstanceOf(IllegalArgumentException.class);
    check.assertNone();
  }
}
