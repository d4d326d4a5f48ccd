package dev.leash.examples.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  @Test
  void leakyHeartbeatIsAnUnstoppedScheduler() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      CountDownLatch pinged = new CountDownLatch(2);
      LeakyHeartbeat.startHeartbeat(Duration.ofMillis(50), pinged::countDown);
      pinged.await();
      check.assertLeaks("unstopped-scheduler");
    } finally {
      LeakyHeartbeat.stopAll();
    }
  }

  @Test
  void heartbeatPingsUntilClosedAndNotAfter() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    AtomicInteger pings = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    Heartbeat h = Heartbeat.start(Context.background(), Duration.ofMillis(10), c -> {
      pings.incrementAndGet();
      three.countDown();
    });
    try {
      three.await();
    } finally {
      h.close();
    }
    int atClose = pings.get();
    Thread.sleep(50); // five periods after close(): the behaviour under test is that nothing ticks
    assertThat(pings.get()).isEqualTo(atClose);
    check.assertNone();
  }
}
