package dev.leash.examples.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Backoff;
import dev.leash.Context;
import dev.leash.Retry;
import dev.leash.examples.ExpectLeak;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryTest {

  @Test
  void theLeakyRetryCompoundsUnderSustainedFailure() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch fourCalls = new CountDownLatch(4);
    try {
      boolean ok = LeakyRetry.retry(() -> {
        calls.incrementAndGet();
        fourCalls.countDown();
        throw new IOException("down");
      }, 2, Duration.ofMillis(400)); // threads that outlive the leak check's look
      assertThat(ok).isFalse();
      fourCalls.await(); // a serial retry of 2 attempts would make 2 calls, never 4
      assertThat(check.assertLeaks("unstopped-scheduler").get("unstopped-scheduler")).isGreaterThanOrEqualTo(2);
      assertThat(calls.get()).isGreaterThan(4);
    } finally {
      LeakyRetry.stopAll();
    }
  }

  @Test
  void boundedRetryMakesExactlyMaxAttemptsPerItemWithinTheLimit() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    Retry retry = Retry.builder().maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(2))).build();
    for (int round = 0; round < 3; round++) {
      Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      List<Integer> items = IntStream.range(0, 40).boxed().toList();
      Map<Integer, Exception> failed = BoundedRetry.runAll(Context.background(), items, 4, retry, i -> c -> {
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          calls.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
          if (i % 2 == 0) {
            throw new IOException("down " + i);
          }
        } finally {
          inFlight.decrementAndGet();
        }
      });
      assertThat(failed.keySet()).containsExactlyInAnyOrderElementsOf(items.stream().filter(i -> i % 2 == 0).toList());
      assertThat(failed.get(0)).isInstanceOf(IOException.class).hasMessage("down 0");
      // The earlier attempts, each attached to the last one directly (Retry's contract; no chain since issue 16).
      assertThat(failed.get(0).getSuppressed()).hasSize(2)
          .allSatisfy(t -> assertThat(t).hasMessage("down 0").satisfies(x -> assertThat(x.getSuppressed()).isEmpty()));
      items.forEach(i -> assertThat(calls.get(i).get()).as("calls for %d", i).isEqualTo(i % 2 == 0 ? 3 : 1));
      assertThat(peak.get()).isBetween(1, 4);
    }
    check.assertNone();
  }
}
