package dev.leash.examples.ticker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.Context;
import dev.leash.TaskFailedException;
import dev.leash.examples.ExpectLeak;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickerTest {
  private static final Duration PERIOD = Duration.ofMillis(2);

  @Test
  void everyLeakyCallLeavesATickerRunning() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      for (int i = 0; i < 3; i++) {
        AtomicInteger ticks = new AtomicInteger();
        LeakyTicker.publishUntil(PERIOD, () -> {}, () -> ticks.incrementAndGet() == 2);
      }
      assertThat(check.assertLeaks("unstopped-scheduler")).containsEntry("unstopped-scheduler", 3);
    } finally {
      LeakyTicker.stopAll();
    }
  }

  @Test
  void theLeashTickerStopsWithItsCall() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int i = 0; i < 50; i++) {
      AtomicInteger published = new AtomicInteger();
      AtomicInteger ticks = new AtomicInteger();
      Ticker.publishUntil(Context.background(), PERIOD, published::incrementAndGet, () -> ticks.incrementAndGet() == 3);
      assertThat(published.get()).isEqualTo(3);
    }
    check.assertNone();
  }

  @Test
  void aFailingPublishEndsTheCallAndTheTicker() {
    ExpectLeak check = ExpectLeak.snapshot();
    assertThatThrownBy(() -> Ticker.publishUntil(Context.background(), PERIOD, () -> {
      throw new IllegalStateException("publish failed");
    }, () -> false)).isInstanceOf(TaskFailedException.class).hasRootCauseMessage("publish failed");
    check.assertNone();
  }
}
