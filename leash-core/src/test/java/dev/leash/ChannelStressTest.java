package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 8 senders and 8 receivers race with close(): every value whose send returned normally is received exactly once,
 * and no value of a send that threw (closed, cancelled, timed out) is ever received.
 */
class ChannelStressTest {
  private static final int SENDERS = 8;
  private static final int RECEIVERS = 8;
  private static final int ROUNDS = 30;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16})
  void noValueLostOrDuplicatedWhenCloseRaces(int capacity) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      runRound(capacity, round);
    }
  }

  private void runRound(int capacity, int round) throws Exception {
    Channel<Long> ch = Channel.buffered(capacity);
    List<List<Long>> sent = new ArrayList<>();
    List<List<Long>> failed = new ArrayList<>();
    List<List<Long>> received = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      sent.add(new ArrayList<>());
      failed.add(new ArrayList<>());
    }
    for (int i = 0; i < RECEIVERS; i++) {
      received.add(new ArrayList<>());
    }
    AtomicLong successes = new AtomicLong();
    long closeAfter = ThreadLocalRandom.current().nextLong(50, 3000);
    CountDownLatch closeNow = new CountDownLatch(1);
    CountDownLatch start = new CountDownLatch(1);
    try (TaskGroup g = TaskGroup.builder().name("stress-" + round).platformThreads().open(Context.background())) {
      for (int s = 0; s < SENDERS; s++) {
        int id = s;
        g.go(c -> {
          start.await();
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          for (long i = 0; ; i++) {
            long v = ((long) id << 32) | i;
            try {
              boolean ok;
              switch (rnd.nextInt(4)) {
                case 0 -> ok = ch.trySend(v);
                case 1 -> ok = ch.trySend(c, v, Duration.ofNanos(rnd.nextInt(20_000)));
                case 2 -> {
                  // A context that may expire while the send waits: withdrawal must not leak the value.
                  try (CancellableContext t = c.withTimeout(Duration.ofNanos(rnd.nextInt(50_000)))) {
                    ch.send(t, v);
                    ok = true;
                  } catch (CancelledException e) {
                    ok = false;
                  }
                }
                default -> {
                  ch.send(c, v);
                  ok = true;
                }
              }
              (ok ? sent : failed).get(id).add(v);
              if (ok && successes.incrementAndGet() == closeAfter) {
                closeNow.countDown();
              }
            } catch (ChannelClosedException e) {
              failed.get(id).add(v);
              return;
            }
          }
        });
      }
      for (int r = 0; r < RECEIVERS; r++) {
        List<Long> mine = received.get(r);
        g.go(c -> {
          start.await();
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          while (true) {
            if (rnd.nextInt(8) == 0) {
              ch.tryReceive().ifPresent(mine::add);
              if (ch.isDrained()) {
                return;
              }
            } else {
              var v = ch.receive(c);
              if (v.isEmpty()) {
                return;
              }
              mine.add(v.get());
            }
          }
        });
      }
      start.countDown();
      closeNow.await();
      ch.close();
      g.await();
    }
    Set<Long> all = new HashSet<>();
    long receivedCount = 0;
    for (List<Long> l : received) {
      all.addAll(l);
      receivedCount += l.size();
    }
    assertThat(receivedCount).as("no duplicates").isEqualTo(all.size());
    Set<Long> expected = new HashSet<>();
    sent.forEach(expected::addAll);
    assertThat(expected).hasSize((int) successes.get());
    assertThat(all).as("received exactly the values whose send returned normally").isEqualTo(expected);
    for (List<Long> f : failed) {
      for (Long v : f) {
        assertThat(all).doesNotContain(v);
      }
    }
    assertThat(failed.stream().mapToInt(List::size).sum()).as("every sender saw the close").isGreaterThanOrEqualTo(SENDERS);
  }
}
