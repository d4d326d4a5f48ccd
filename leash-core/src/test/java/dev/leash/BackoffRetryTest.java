package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackoffRetryTest {

  @Test
  void exponentialCeilingDoublesUpToTheCap() {
    Backoff b = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100));
    assertThat(b.ceiling(0)).isEqualTo(Duration.ofMillis(10));
    assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(20));
    assertThat(b.ceiling(3)).isEqualTo(Duration.ofMillis(80));
    assertThat(b.ceiling(4)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.withoutJitter().delay(2)).isEqualTo(Duration.ofMillis(40));
    assertThat(Backoff.fixed(Duration.ofMillis(7)).delay(30)).isEqualTo(Duration.ofMillis(7));
    assertThat(Backoff.none().delay(5)).isZero();
  }

  @Test
  void fullJitterNeverExceedsTheCapAndSpreads() {
    Backoff b = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(50)).withMultiplier(3);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 200_000; i++) {
      int attempt = i % 40;
      long d = b.delay(attempt).toNanos();
      assertThat(d).isBetween(0L, b.ceiling(attempt).toNanos());
      assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(50).toNanos());
      if (attempt > 10) {
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
    }
    assertThat(min).isLessThan(Duration.ofMillis(5).toNanos());
    assertThat(max).isGreaterThan(Duration.ofMillis(45).toNanos());
  }

  @Test
  void badArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap");
    assertThatThrownBy(() -> Backoff.none().withMultiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> Backoff.none().delay(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Retry.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> Retry.builder().attemptTimeout(Duration.ZERO)).hasMessageContaining("attemptTimeout");
  }

  @Test
  void sleepReturnsAtOnceWhenCancelled() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      CountDownLatch sleeping = new CountDownLatch(1);
      AtomicReference<Boolean> result = new AtomicReference<>();
      Thread t = Thread.ofVirtual().start(() -> {
        sleeping.countDown();
        try {
          result.set(Backoff.sleep(ctx, Duration.ofSeconds(30)));
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      sleeping.await();
      long start = System.nanoTime();
      ctx.cancel();
      t.join(Duration.ofSeconds(5));
      assertThat(t.isAlive()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(result.get()).isFalse();
      assertThat(Backoff.sleep(ctx, Duration.ofSeconds(30))).isFalse();
    }
    assertThat(Backoff.sleep(Context.background(), Duration.ofMillis(1))).isTrue();
  }

  @Test
  void retriesUntilSuccessWithAFreshContextPerAttempt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Context> contexts = new ArrayList<>();
    Retry retry = Retry.builder().maxAttempts(5).backoff(Backoff.none()).build();
    String r = retry.call(Context.background(), c -> {
      contexts.add(c);
      if (calls.incrementAndGet() < 3) {
        throw new IOException("flaky " + calls.get());
      }
      return "ok";
    });
    assertThat(r).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(contexts).doesNotHaveDuplicates().allMatch(Context::isDone); // closed after each attempt
  }

  @Test
  void exhaustedAttemptsThrowTheLastFailureWithTheEarlierOnesSuppressed() {
    AtomicInteger calls = new AtomicInteger();
    Retry retry = Retry.builder().maxAttempts(4).backoff(Backoff.fixed(Duration.ofMillis(1))).build();
    assertThatThrownBy(() -> retry.run(Context.background(), c -> {
      throw new IOException("fail " + calls.incrementAndGet());
    }))
        .isInstanceOf(IOException.class)
        .hasMessage("fail 4")
        // Every earlier failure, each attached directly to the last (issue 16: it used to be a chain of one each).
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
            .containsExactly("fail 1", "fail 2", "fail 3"));
    assertThat(calls).hasValue(4);
  }

  @Test
  void nonRetryableFailuresAndErrorsAreThrownAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    Retry retry = Retry.builder().maxAttempts(5).backoff(Backoff.none())
        .retryOn(e -> e instanceof IOException).build();
    assertThatThrownBy(() -> retry.run(Context.background(), c -> {
      calls.incrementAndGet();
      throw new IllegalStateException("bug");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
    assertThatThrownBy(() -> retry.run(Context.background(), c -> {
      calls.incrementAndGet();
      throw new StackOverflowError("deep");
    })).isInstanceOf(StackOverflowError.class);
    assertThat(calls).hasValue(2);
  }

  @Test
  void attemptTimeoutBoundsEachAttempt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Retry retry = Retry.builder().maxAttempts(3).backoff(Backoff.none())
        .attemptTimeout(Duration.ofMillis(20)).build();
    String r = retry.call(Context.background(), c -> {
      if (calls.incrementAndGet() == 1) {
        c.await(); // the attempt's deadline ends this wait
        c.throwIfDone();
      }
      return "second";
    });
    assertThat(r).isEqualTo("second");
    assertThat(calls).hasValue(2);
  }

  @Test
  void cancelDuringBackoffReturnsAtOnceWithTheFailureAttached() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      CountDownLatch failedOnce = new CountDownLatch(1);
      Retry retry = Retry.builder().maxAttempts(10).backoff(Backoff.fixed(Duration.ofSeconds(30))).build();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t = Thread.ofVirtual().start(() -> {
        try {
          retry.run(ctx, c -> {
            failedOnce.countDown();
            throw new IOException("down");
          });
        } catch (Throwable e) {
          thrown.set(e);
        }
      });
      failedOnce.await();
      long start = System.nanoTime();
      ctx.cancel();
      t.join(Duration.ofSeconds(5));
      assertThat(t.isAlive()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(thrown.get()).isInstanceOf(CancelledException.class);
      assertThat(thrown.get().getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("down"));
    }
  }
}
