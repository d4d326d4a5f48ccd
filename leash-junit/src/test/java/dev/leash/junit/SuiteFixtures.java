package dev.leash.junit;

import static dev.leash.junit.LeakFixtures.start;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fixtures for the suite configuration, spawn sites and advice; run only through EngineTestKit by SuiteConfigTest. */
final class SuiteFixtures {
  private SuiteFixtures() {}

  /** A JVM-wide fixture whose static initializer starts a thread: the run's, never the first user's. */
  static final class StaticPoller {
    static final Thread POLLER = Leftovers.thread(Thread.ofPlatform().daemon(true).name("static-poller")
        .start(StaticPoller::poll));

    private StaticPoller() {}

    static void touch() {
      POLLER.getName();
    }

    private static void poll() {
      try {
        new LinkedBlockingQueue<String>().take();
      } catch (InterruptedException stopped) {
        // stopped by Leftovers.cleanUp()
      }
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class TouchesAStaticFixture {
    @Test
    void firstUser() {
      StaticPoller.touch();
    }
  }

  /** A test helper that starts threads "owned by the suite", ignored by spawn site. */
  static final class Mocks {
    private Mocks() {}

    static void startHelper() throws InterruptedException {
      start("mock-helper", () -> new LinkedBlockingQueue<String>().take());
    }
  }

  @LeakCheck(lingerMillis = 100, ignoreSpawnSites = "dev.leash.junit.SuiteFixtures$Mocks.")
  @ExtendWith(OnlyInTestKit.class)
  static class IgnoredBySpawnSite {
    @Test
    void leaksAThreadOfTheMocks() throws Exception {
      Mocks.startHelper();
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class TwoOwnersOneStack {
    @Test
    void leaks() throws Exception {
      first();
      second();
    }

    static void first() {
      Leftovers.thread(Thread.ofPlatform().daemon(true).name("consumer-a").start(TwoOwnersOneStack::takeForever));
    }

    static void second() {
      Leftovers.thread(Thread.ofPlatform().daemon(true).name("consumer-b").start(TwoOwnersOneStack::takeForever));
    }

    static void takeForever() {
      try {
        new LinkedBlockingQueue<String>().take();
      } catch (InterruptedException stopped) {
        // stopped by Leftovers.cleanUp()
      }
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class OneShotDelayedTask {
    @Test
    void leaks() throws Exception {
      ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
      Leftovers.add(s::shutdownNow);
      CountDownLatch ran = new CountDownLatch(1);
      s.schedule(ran::countDown, 1, TimeUnit.MILLISECONDS);
      s.schedule(() -> { }, 1, TimeUnit.HOURS); // keeps the worker in a timed wait for the next task
      ran.await();
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class TimedWait {
    @Test
    void leavesAThreadInATimedPoll() throws Exception {
      start("patient-poller", () -> new SynchronousQueue<String>().poll(30, TimeUnit.SECONDS));
    }
  }

  @ExtendWith({OnlyInTestKit.class, LeakCheckExtension.class})
  static class ConfiguredBySuite {
    @Test
    void leaks() throws Exception {
      start("suite-configured", () -> new LinkedBlockingQueue<String>().take());
    }
  }
}
