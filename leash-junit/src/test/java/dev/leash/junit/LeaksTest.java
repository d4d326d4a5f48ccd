package dev.leash.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.Context;
import dev.leash.TaskGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class LeaksTest {

  @Test
  void verifyNoneWithIgnoreCurrentPassesWhenEverythingStartedIsStopped() throws Exception {
    LeakOptions before = LeakOptions.defaults().ignoreCurrent();
    try (TaskGroup g = TaskGroup.open(Context.background())) {
      g.go(ctx -> ctx.await());
    }
    Leaks.verifyNone(before);
  }

  @Test
  void verifyNoneNamesALeakedLeashTaskAndItsSpawnSite() throws Exception {
    LeakOptions before = LeakOptions.defaults().ignoreCurrent().linger(Duration.ofMillis(50));
    TaskGroup g = TaskGroup.builder().name("forgotten").open(Context.background());
    CountDownLatch blocked = new CountDownLatch(1);
    g.go(ctx -> {
      blocked.countDown();
      new LinkedBlockingQueue<String>().take();
    });
    blocked.await();
    try {
      assertThatThrownBy(() -> Leaks.verifyNone(before))
          .isInstanceOf(LeakedThreadsError.class)
          .hasMessageContaining("1 thread leaked")
          .hasMessageContaining("orphaned-consumer")
          .hasMessageContaining("forgotten/1")
          .hasMessageContaining("started by");
    } finally {
      g.close();
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
