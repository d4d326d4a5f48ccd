package dev.leash.examples.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.ChannelClosedException;
import dev.leash.Context;
import dev.leash.TaskGroup;
import dev.leash.examples.ExpectLeak;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Exercise 15 leaks no thread; what it loses is accepted items, counted here. */
class DrainTest {

  @Test
  void theLeakyShutdownDropsEveryQueuedItem() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    AtomicInteger processed = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    LeakyBatcher b = new LeakyBatcher(item -> {
      processed.incrementAndGet();
      first.countDown();
      try {
        gate.await(); // the first item is still in progress when shutdown comes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    b.submit("item-0");
    first.await();
    for (int i = 1; i < 100; i++) {
      b.submit("item-" + i);
    }
    b.close();
    assertThat(processed.get()).isEqualTo(1);
    assertThat(b.unprocessed()).as("accepted, never processed").isEqualTo(99);
    check.assertNone();
  }

  @Test
  void closeDrainsEveryAcceptedItemInOrder() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    List<String> seen = new CopyOnWriteArrayList<>();
    Batcher b = new Batcher(Context.background(), 200, seen::add);
    for (int i = 0; i < 100; i++) {
      b.submit(Context.background(), "item-" + i);
    }
    b.close();
    b.close(); // idempotent
    assertThat(seen).hasSize(100).startsWith("item-0").endsWith("item-99");
    assertThatThrownBy(() -> b.submit(Context.background(), "late")).isInstanceOf(ChannelClosedException.class);
    check.assertNone();
  }

  @Test
  void acceptedEqualsProcessedWhenClosedUnderLoad() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int round = 0; round < 5; round++) {
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger processed = new AtomicInteger();
      CountDownLatch someAccepted = new CountDownLatch(100);
      Batcher b = new Batcher(Context.background(), 8, item -> processed.incrementAndGet());
      try (TaskGroup producers = TaskGroup.open(Context.background())) {
        for (int p = 0; p < 4; p++) {
          producers.go(c -> {
            for (int i = 0; i < 10_000; i++) {
              try {
                b.submit(c, "x");
              } catch (ChannelClosedException closed) {
                return;
              }
              accepted.incrementAndGet();
              someAccepted.countDown();
            }
          });
        }
        someAccepted.await();
        b.close(); // mid-flight: producers are still sending
      }
      assertThat(processed.get()).as("round %d", round).isEqualTo(accepted.get()).isGreaterThanOrEqualTo(100);
    }
    check.assertNone();
  }
}
