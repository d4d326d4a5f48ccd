package dev.leash;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.junit.LeakOptions;
import dev.leash.junit.LeakedThreadsError;
import dev.leash.junit.Leaks;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** leash-junit finds leash-core at run time (it does not depend on it) and names a leaked Leash task's spawn site. */
class LeakCheckOfLeashTasksTest {

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
          .hasMessageContaining("started by dev.leash.LeakCheckOfLeashTasksTest.verifyNoneNamesALeakedLeashTask");
    } finally {
      g.close();
    }
    Leaks.verifyNone(before);
  }
}
