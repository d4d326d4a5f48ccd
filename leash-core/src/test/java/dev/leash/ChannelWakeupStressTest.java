package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hunts lost wake-ups between the lock-free buffer and the waiter queues: blocking senders and receivers, and selects
 * over two buffered channels, on small buffers where every operation keeps blocking and waking. Every value sent is
 * received exactly once; a lost wake-up shows as a receive that runs into the 60 s deadline (the test then fails
 * instead of hanging).
 */
class ChannelWakeupStressTest {
  private static final int PRODUCERS = 4;
  private static final int PER_PRODUCER = 5_000;

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8})
  void everyValueArrivesOnceThroughBlockingReceivesAndSelects(int capacity) throws Exception {
    for (int round = 0; round < 4; round++) {
      runRound(capacity, round);
    }
  }

  private void runRound(int capacity, int round) throws Exception {
    Channel<Integer> a = Channel.buffered(capacity);
    Channel<Integer> b = Channel.buffered(capacity);
    List<BitSet> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(new BitSet());
    }
    CountDownLatch start = new CountDownLatch(1);
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(60));
        TaskGroup consumers = TaskGroup.builder().name("consume-" + round).platformThreads().open(ctx)) {
      // Two plain receivers, one on each channel; two selects over both.
      consumers.go(c -> receiveAll(c, a, got.get(0), start));
      consumers.go(c -> receiveAll(c, b, got.get(1), start));
      consumers.go(c -> selectAll(c, a, b, got.get(2), start));
      consumers.go(c -> selectAll(c, a, b, got.get(3), start));
      try (TaskGroup producers = TaskGroup.builder().name("produce-" + round).platformThreads().open(ctx)) {
        for (int p = 0; p < PRODUCERS; p++) {
          int base = p * PER_PRODUCER;
          producers.go(c -> {
            start.await();
            for (int i = 0; i < PER_PRODUCER; i++) {
              (i % 2 == 0 ? a : b).send(c, base + i);
            }
          });
        }
        start.countDown();
        producers.await();
      }
      a.close();
      b.close();
      consumers.await();
      assertThat(ctx.isDone()).as("no receive ran into the deadline (a lost wake-up)").isFalse();
    }
    BitSet all = new BitSet();
    long count = 0;
    for (BitSet s : got) {
      count += s.cardinality();
      all.or(s);
    }
    assertThat(count).as("no value received twice").isEqualTo(all.cardinality());
    assertThat(all.cardinality()).as("every value received").isEqualTo(PRODUCERS * PER_PRODUCER);
  }

  private static void receiveAll(Context c, Channel<Integer> ch, BitSet mine, CountDownLatch start)
      throws InterruptedException {
    start.await();
    for (int v : ch.values(c)) {
      mine.set(v);
    }
  }

  private static void selectAll(Context c, Channel<Integer> a, Channel<Integer> b, BitSet mine, CountDownLatch start)
      throws InterruptedException {
    start.await();
    boolean[] open = {true, true};
    while (open[0] && open[1]) {
      Select.on(c)
          .receive(a, v -> take(v, mine, open, 0))
          .receive(b, v -> take(v, mine, open, 1))
          .run();
    }
    receiveAll(c, open[0] ? a : b, mine, start);
  }

  private static void take(Optional<Integer> v, BitSet mine, boolean[] open, int which) {
    if (v.isPresent()) {
      mine.set(v.get());
    } else {
      open[which] = false;
    }
  }
}
