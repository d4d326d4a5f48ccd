package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  @Test
  void opensAfterTheThresholdRefusesThenTrialsAndCloses() throws Exception {
    AtomicLong now = new AtomicLong();
    CircuitBreaker cb = CircuitBreaker.builder().name("db").failureThreshold(3)
        .openDuration(Duration.ofNanos(1000)).clock(now::get).build();
    Context ctx = Context.background();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> cb.run(ctx, c -> fail())).isInstanceOf(IOException.class);
    }
    assertThat(cb.<String>call(ctx, c -> "ok")).isEqualTo("ok"); // a success resets the count
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> cb.run(ctx, c -> fail())).isInstanceOf(IOException.class);
    }
    assertThat(cb.state()).isEqualTo(CircuitBreaker.State.OPEN);
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> cb.run(ctx, c -> ran.incrementAndGet()))
        .isInstanceOf(CircuitOpenException.class).hasMessageContaining("db");
    assertThat(ran).hasValue(0);
    now.set(1000);
    assertThatThrownBy(() -> cb.run(ctx, c -> fail())).isInstanceOf(IOException.class); // failed trial
    assertThat(cb.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> cb.run(ctx, c -> ran.incrementAndGet())).isInstanceOf(CircuitOpenException.class);
    now.set(2000);
    assertThat(cb.<String>call(ctx, c -> "back")).isEqualTo("back");
    assertThat(cb.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void cancellationsDoNotCount() {
    CircuitBreaker cb = CircuitBreaker.builder().failureThreshold(1).build();
    assertThatThrownBy(() -> cb.run(Context.background(), c -> {
      throw new CancelledException("caller gave up");
    })).isInstanceOf(CancelledException.class);
    assertThat(cb.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThatThrownBy(() -> CircuitBreaker.builder().failureThreshold(0)).hasMessageContaining("failureThreshold");
    assertThatThrownBy(() -> CircuitBreaker.builder().openDuration(Duration.ofMillis(-1)))
        .hasMessageContaining("openDuration");
  }

  /**
   * Many threads call through one breaker while failures come and go. The recorded transitions must form one chain
   * of legal steps, trial calls must never overlap, and each half-open period runs exactly one trial.
   */
  @Test
  void stateMachineHoldsUnderManyThreads() throws Exception {
    ConcurrentLinkedQueue<CircuitBreaker.Snapshot[]> transitions = new ConcurrentLinkedQueue<>();
    // The thread that moves the breaker to half-open is the one that runs the trial, before its action starts.
    ThreadLocal<Boolean> isTrial = ThreadLocal.withInitial(() -> false);
    CircuitBreaker cb = CircuitBreaker.builder().failureThreshold(3).openDuration(Duration.ofNanos(200_000))
        .observer((from, to) -> {
          transitions.add(new CircuitBreaker.Snapshot[] {from, to});
          if (to.state() == CircuitBreaker.State.HALF_OPEN) {
            isTrial.set(true);
          }
        }).build();
    AtomicInteger trials = new AtomicInteger();
    int threads = 8;
    int iterations = 20_000;
    AtomicInteger inTrial = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CyclicBarrier go = new CyclicBarrier(threads);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ts.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
          for (int i = 0; i < iterations; i++) {
            boolean failing = (i / 500) % 2 == 0; // phases of failures and recoveries
            try {
              cb.run(Context.background(), c -> {
                ran.incrementAndGet();
                boolean trial = isTrial.get();
                isTrial.set(false);
                if (trial) {
                  trials.incrementAndGet();
                  assertThat(cb.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
                  if (inTrial.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                  }
                }
                try {
                  if (failing && ThreadLocalRandom.current().nextInt(4) != 0) {
                    throw new IOException("down");
                  }
                } finally {
                  if (trial) {
                    inTrial.decrementAndGet();
                  }
                }
              });
            } catch (CircuitOpenException e) {
              refused.incrementAndGet();
            } catch (IOException expected) {
              // counted by the breaker
            }
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }));
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(ran.get() + refused.get()).isEqualTo(threads * iterations);
    assertThat(overlaps).hasValue(0);
    assertThat(trials.get()).isPositive()
        .isEqualTo(chain(transitions).stream().filter(p -> p[1].state() == CircuitBreaker.State.HALF_OPEN).count());
    assertThat(refused.get()).isPositive();
    List<CircuitBreaker.Snapshot[]> chain = chain(transitions);
    assertThat(chain.size()).isGreaterThan(10);
    long seq = 0;
    CircuitBreaker.State state = CircuitBreaker.State.CLOSED;
    for (CircuitBreaker.Snapshot[] p : chain) {
      assertThat(p[0].seq()).isEqualTo(seq);
      assertThat(p[1].seq()).isEqualTo(seq + 1);
      assertThat(p[0].state()).isEqualTo(state);
      boolean legal = switch (p[0].state()) {
        case CLOSED -> p[1].state() == CircuitBreaker.State.OPEN;
        case OPEN -> p[1].state() == CircuitBreaker.State.HALF_OPEN;
        case HALF_OPEN -> p[1].state() != CircuitBreaker.State.HALF_OPEN;
      };
      assertThat(legal).as("%s -> %s", p[0], p[1]).isTrue();
      seq = p[1].seq();
      state = p[1].state();
    }
    assertThat(cb.state()).isEqualTo(state);
  }

  private static List<CircuitBreaker.Snapshot[]> chain(ConcurrentLinkedQueue<CircuitBreaker.Snapshot[]> q) {
    List<CircuitBreaker.Snapshot[]> chain = new ArrayList<>(q);
    chain.sort(Comparator.comparingLong(p -> p[1].seq()));
    return chain;
  }

  private static void fail() throws IOException {
    throw new IOException("down");
  }
}
