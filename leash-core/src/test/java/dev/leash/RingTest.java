package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lock-free buffer of buffered channels: exact capacity, FIFO over many laps, close, and an MPMC race. */
class RingTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64})
  void holdsExactlyItsCapacityInOrderOverManyLaps(int capacity) {
    Ring r = new Ring(capacity);
    int next = 0;
    int expected = 0;
    for (int lap = 0; lap < 50; lap++) {
      for (int i = 0; i < capacity; i++) {
        assertThat(r.canOffer()).isTrue();
        assertThat(r.offer(next++)).isEqualTo(Ring.OK);
      }
      assertThat(r.size()).isEqualTo(capacity);
      assertThat(r.canOffer()).isFalse();
      assertThat(r.offer(-1)).as("full").isEqualTo(Ring.FULL);
      int take = lap % 2 == 0 ? capacity : Math.max(1, capacity / 2);
      for (int i = 0; i < take; i++) {
        assertThat(r.canPoll()).isTrue();
        assertThat(r.poll()).isEqualTo(expected++);
      }
      while (r.size() > 0) {
        assertThat(r.poll()).isEqualTo(expected++);
      }
      assertThat(r.canPoll()).isFalse();
      assertThat(r.poll()).as("empty").isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void closeRefusesOffersAndDrainsWhatIsLeft(int capacity) {
    Ring r = new Ring(capacity);
    assertThat(r.offer("a")).isEqualTo(Ring.OK);
    r.close();
    r.close();
    assertThat(r.offer("b")).isEqualTo(Ring.CLOSED);
    assertThat(r.canOffer()).isFalse();
    assertThat(r.drained()).isFalse();
    assertThat(r.poll()).isEqualTo("a");
    assertThat(r.drained()).isTrue();
    assertThat(r.poll()).isNull();
  }

  /**
   * 4 producers and 4 consumers, capacity 1..16, close racing with the producers: every value whose offer returned
   * OK is taken exactly once, none whose offer returned CLOSED is, and the ring ends drained.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 16})
  @Timeout(120)
  void mpmcRaceWithCloseLosesAndDuplicatesNothing(int capacity) throws Exception {
    int producers = 4;
    int consumers = 4;
    int perProducer = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
    try {
      for (int round = 0; round < 3; round++) {
        Ring r = new Ring(capacity);
        CyclicBarrier start = new CyclicBarrier(producers + consumers + 1);
        AtomicBoolean producing = new AtomicBoolean(true);
        CountDownLatch underWay = new CountDownLatch(producers); // each producer a quarter through
        CountDownLatch closed = new CountDownLatch(1);
        List<Future<BitSet>> offered = new ArrayList<>();
        List<Future<BitSet>> taken = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
          int base = p * perProducer;
          offered.add(pool.submit(() -> {
            BitSet ok = new BitSet();
            start.await();
            for (int i = 0; i < perProducer; i++) {
              if (i == perProducer / 4) {
                underWay.countDown();
              }
              if (i == perProducer / 2) {
                closed.await(); // the close always lands while this producer still has values to offer
              }
              int res;
              while ((res = r.offer(base + i)) == Ring.FULL) {
                Thread.onSpinWait();
              }
              if (res == Ring.CLOSED) {
                break;
              }
              ok.set(base + i);
            }
            return ok;
          }));
        }
        for (int c = 0; c < consumers; c++) {
          taken.add(pool.submit(() -> {
            BitSet got = new BitSet();
            start.await();
            while (true) {
              Object v = r.poll();
              if (v != null) {
                int n = (Integer) v;
                assertThat(got.get(n)).as("taken twice by one consumer").isFalse();
                got.set(n);
              } else if (!producing.get() && r.drained()) {
                return got;
              } else {
                Thread.onSpinWait();
              }
            }
          }));
        }
        start.await();
        // Let some values through, then close while every producer still has values to offer.
        underWay.await();
        r.close();
        closed.countDown();
        BitSet allOffered = new BitSet();
        for (Future<BitSet> f : offered) {
          allOffered.or(f.get());
        }
        producing.set(false);
        BitSet allTaken = new BitSet();
        long takenCount = 0;
        for (Future<BitSet> f : taken) {
          BitSet b = f.get();
          takenCount += b.cardinality();
          allTaken.or(b);
        }
        assertThat(takenCount).as("no value taken twice").isEqualTo(allTaken.cardinality());
        assertThat(allTaken).as("exactly the accepted values are taken").isEqualTo(allOffered);
        assertThat(allOffered.cardinality()).as("the close refused the rest").isLessThan(producers * perProducer);
        assertThat(r.drained()).isTrue();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }
}
