package dev.leash.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class LeaksTest {

  @Test
  void verifyNoneWithIgnoreCurrentPassesWhenEverythingStartedIsStopped() throws Exception {
    LeakOptions before = LeakOptions.defaults().ignoreCurrent();
    Thread t = Thread.ofPlatform().name("short-lived").start(() -> { });
    t.join();
    Leaks.verifyNone(before);
  }

  @Test
  void verifyNoneNamesALeakedThread() throws Exception {
    LeakOptions before = LeakOptions.defaults().ignoreCurrent().linger(Duration.ofMillis(50));
    CountDownLatch blocked = new CountDownLatch(1);
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    Thread t = Thread.ofPlatform().name("forgotten-consumer").start(() -> {
      blocked.countDown();
      try {
        queue.take();
      } catch (InterruptedException stopped) {
        // the test stops it below
      }
    });
    blocked.await();
    try {
      assertThatThrownBy(() -> Leaks.verifyNone(before))
          .isInstanceOf(LeakedThreadsError.class)
          .hasMessageContaining("1 thread leaked")
          .hasMessageContaining("orphaned-consumer")
          .hasMessageContaining("forgotten-consumer");
    } finally {
      t.interrupt();
      t.join();
    }
    Leaks.verifyNone(before);
  }

  @Test
  void optionsRejectBadValuesNamingTheOption() {
    LeakOptions o = LeakOptions.defaults();
    assertThatThrownBy(() -> o.linger(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("linger must not be negative");
    assertThatThrownBy(() -> o.ignoreThreadName("*bad")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ignoreThreadName: invalid regular expression '*bad'");
    assertThatThrownBy(() -> o.ignoreTopFrame(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ignoreTopFrame");
    assertThatThrownBy(() -> Leaks.verifyNone(null)).isInstanceOf(NullPointerException.class).hasMessage("options");
  }

  @Test
  void theBuildListsVirtualThreadsCheaply() {
    assertThat(Leaks.fastVirtualThreadListing())
        .as("surefire passes --add-exports java.base/jdk.internal.vm=ALL-UNNAMED").isTrue();
  }
}
