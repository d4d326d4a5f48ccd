package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Seed 004 task 7.1, on the Leash version of the mini-service. */
class MiniServiceTest {
  private final Context bg = Context.background();

  @Test
  void startSubmitCloseLeavesNoThread() {
    MiniService s = new MiniService(bg, Duration.ofSeconds(1));
    s.submit("hello");
    assertThat(s.hasLiveTasks()).isTrue();
    s.close();
    assertThat(s.printed).containsExactly("hello");
    assertThat(s.hasLiveTasks()).isFalse();
  }

  @Test
  void submitAfterCloseThrows() {
    MiniService s = new MiniService(bg, Duration.ofSeconds(1));
    s.close();
    assertThatThrownBy(() -> s.submit("late")).isInstanceOf(PoolClosedException.class);
    assertThat(s.printed).isEmpty();
  }

  @Test
  void flushRunsPeriodicallyUntilClose() {
    MiniService s = new MiniService(bg, Duration.ofMillis(5));
    Await.until("three flushes", () -> s.flushes.get() >= 3);
    s.close();
    int after = s.flushes.get();
    assertThat(s.hasLiveTasks()).isFalse();
    assertThat(s.flushes).hasValue(after);
  }

  @Test
  void closeFromTenThreadsShutsDownExactlyOnce() throws Exception {
    MiniService s = new MiniService(bg, Duration.ofMillis(5));
    for (int i = 0; i < 5; i++) {
      s.submit("m" + i);
    }
    CyclicBarrier barrier = new CyclicBarrier(10);
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger sawLiveTasks = new AtomicInteger();
    try (TaskGroup g = TaskGroup.open(bg)) {
      for (int i = 0; i < 10; i++) {
        g.go(c -> {
          barrier.await();
          try {
            s.close();
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
          if (s.hasLiveTasks()) {
            sawLiveTasks.incrementAndGet();
          }
        });
      }
      g.await();
    }
    assertThat(s.shutdowns).hasValue(1);
    assertThat(errors).hasValue(0);
    assertThat(sawLiveTasks).as("every close() returned after everything stopped").hasValue(0);
    assertThat(s.printed).hasSize(5);
  }
}
