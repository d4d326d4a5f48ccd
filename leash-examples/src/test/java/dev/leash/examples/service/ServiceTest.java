package dev.leash.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.TaskGroup;
import dev.leash.examples.ExpectLeak;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class ServiceTest {

  @Test
  void leakyServiceLeavesAConsumerAndAFlusher() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    List<String> lines = new CopyOnWriteArrayList<>();
    LeakyService s = new LeakyService(Duration.ofSeconds(5), lines::add);
    try {
      s.submit("hello");
      check.assertLeaks("orphaned-consumer", "unstopped-scheduler");
      assertThat(lines).contains("hello");
    } finally {
      s.stopThreads();
    }
  }

  @Test
  void startSubmitClose() {
    ExpectLeak check = ExpectLeak.snapshot();
    List<String> lines = new CopyOnWriteArrayList<>();
    try (Service s = new Service(Context.background(), Duration.ofSeconds(5), lines::add)) {
      s.submit(Context.background(), "hello");
    }
    assertThat(lines).contains("hello");
    check.assertNone();
  }

  @Test
  void submitAfterCloseFails() {
    ExpectLeak check = ExpectLeak.snapshot();
    Service s = new Service(Context.background(), Duration.ofSeconds(5), line -> {});
    s.close();
    assertThatThrownBy(() -> s.submit(Context.background(), "late"))
        .isInstanceOf(IllegalStateException.class).hasMessage("service is closed");
    check.assertNone();
  }

  @Test
  void tenConcurrentClosesShutDownOnce() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int round = 0; round < 20; round++) {
      Service s = new Service(Context.background(), Duration.ofMillis(5), line -> {});
      CyclicBarrier start = new CyclicBarrier(10);
      try (TaskGroup closers = TaskGroup.builder().name("closers").open(Context.background())) {
        for (int i = 0; i < 10; i++) {
          closers.go(c -> {
            start.await();
            s.close();
          });
        }
        closers.await();
      }
      assertThat(s.shutdowns()).isEqualTo(1);
    }
    check.assertNone();
  }

  @Test
  void cancellingTheParentStopsBothThreads() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    List<String> lines = new CopyOnWriteArrayList<>();
    try (CancellableContext ctx = Context.background().withCancel()) {
      Service s = new Service(ctx, Duration.ofSeconds(5), lines::add);
      s.submit(ctx, "one");
      ctx.cancel();
      assertThatThrownBy(() -> s.submit(Context.background(), "late")).isInstanceOf(IllegalStateException.class);
      s.close();
    }
    check.assertNone();
  }
}
