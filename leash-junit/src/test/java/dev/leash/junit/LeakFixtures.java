package dev.leash.junit;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Test classes that leak on purpose, one shape each; run only through EngineTestKit by LeakCheckExtensionTest. */
final class LeakFixtures {
  private LeakFixtures() {}

  static Thread.Builder builder() {
    return Boolean.getBoolean("leash.fixtures.virtual") ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
  }

  /** Starts a fixture thread and returns once it is about to block. */
  static Thread start(String name, ThrowingRunnable body) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Thread t = builder().name(name).start(() -> {
      started.countDown();
      try {
        body.run();
      } catch (Exception stopped) {
        // interrupted or closed by Leftovers.cleanUp()
      }
    });
    started.await();
    return Leftovers.thread(t);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class OrphanedConsumer {
    @Test
    void leaks() throws Exception {
      start("feed-consumer", () -> new LinkedBlockingQueue<String>().take());
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class AbandonedProducer {
    @Test
    void leaks() throws Exception {
      start("result-sender", () -> new SynchronousQueue<String>().put("result nobody takes"));
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class IdleExecutor {
    @Test
    void leaks() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      Leftovers.add(() -> {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      });
      pool.submit(() -> "done").get();
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class UnstoppedScheduler {
    @Test
    void leaks() throws Exception {
      ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
      Leftovers.add(() -> {
        s.shutdownNow();
        s.awaitTermination(10, TimeUnit.SECONDS);
      });
      CountDownLatch ticked = new CountDownLatch(1);
      s.scheduleAtFixedRate(ticked::countDown, 0, 1, TimeUnit.HOURS);
      ticked.await();
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class UnstoppedTimer {
    @Test
    void leaks() throws Exception {
      Timer timer = new Timer("heartbeat");
      Leftovers.add(timer::cancel);
      CountDownLatch ticked = new CountDownLatch(1);
      timer.scheduleAtFixedRate(new TimerTask() {
        @Override
        public void run() {
          ticked.countDown();
        }
      }, 0, TimeUnit.HOURS.toMillis(1));
      ticked.await();
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class LockHeldBlocking {
    @Test
    void leaks() throws Exception {
      Object lock = new Object();
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = Leftovers.add(new Release()).latch;
      start("cache-refresher", () -> {
        synchronized (lock) {
          held.countDown();
          release.await(); // a slow remote call made while holding the lock
        }
      });
      held.await();
      start("cache-reader", () -> {
        synchronized (lock) {
          lock.notifyAll();
        }
      });
    }
  }

  static final class Release implements AutoCloseable {
    final CountDownLatch latch = new CountDownLatch(1);

    @Override
    public void close() {
      latch.countDown();
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class StuckIo {
    @Test
    void leaks() throws Exception {
      ServerSocket server = Leftovers.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      Socket client = Leftovers.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      Leftovers.add(server.accept());
      InputStream in = client.getInputStream();
      start("upstream-reader", () -> in.read());
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class BusySpin {
    @Test
    void leaks() throws Exception {
      AtomicBoolean stop = new AtomicBoolean();
      Leftovers.add(() -> stop.set(true));
      start("spinner", () -> {
        long n = 0;
        while (!stop.get()) {
          n += spin(n);
        }
      });
    }

    static long spin(long n) {
      return (n * 31 + 7) % 1_000_003 == 0 ? 1 : 0;
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class Deadlock {
    @Test
    void leaks() throws Exception {
      ReentrantLock a = new ReentrantLock();
      ReentrantLock b = new ReentrantLock();
      CountDownLatch bothHold = new CountDownLatch(2);
      start("transfer-a-to-b", () -> lockBoth(a, b, bothHold));
      start("transfer-b-to-a", () -> lockBoth(b, a, bothHold));
    }

    static void lockBoth(ReentrantLock first, ReentrantLock second, CountDownLatch bothHold) throws Exception {
      first.lockInterruptibly();
      try {
        bothHold.countDown();
        bothHold.await();
        second.lockInterruptibly();
        second.unlock();
      } finally {
        first.unlock();
      }
    }
  }

  @LeakCheck
  @ExtendWith(OnlyInTestKit.class)
  static class Clean {
    @Test
    void closesWhatItStarts() throws Exception {
      try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
        pool.submit(() -> "work").get();
      }
    }

    @Test
    void aThreadThatEndsWithinTheLingerPasses() throws Exception {
      builder().start(() -> {
        try {
          Thread.sleep(150); // the behaviour under test: a thread finishing shortly after the test
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }

  @LeakCheck(lingerMillis = 100, ignoreThreadNames = "feed-.*")
  @ExtendWith(OnlyInTestKit.class)
  static class IgnoredByName {
    @Test
    void leaksAnIgnoredThread() throws Exception {
      start("feed-consumer", () -> new LinkedBlockingQueue<String>().take());
    }
  }

  @LeakCheck(lingerMillis = 100, ignoreAnyFrames = "dev.leash.junit.LeakFixtures$IgnoredByFrame.owned")
  @ExtendWith(OnlyInTestKit.class)
  static class IgnoredByFrame {
    @Test
    void leaksAnIgnoredThread() throws Exception {
      start("owned-elsewhere", IgnoredByFrame::owned);
    }

    static void owned() throws InterruptedException {
      new LinkedBlockingQueue<String>().take();
    }
  }

  @LeakCheck(lingerMillis = 100)
  @ExtendWith(OnlyInTestKit.class)
  static class LeakInBeforeAll {
    @BeforeAll
    static void startShared() throws Exception {
      start("shared-poller", () -> new LinkedBlockingQueue<String>().take());
    }

    @Test
    void usesTheSharedThread() {}
  }

  @LeakCheck(lingerMillis = 100, ignoreThreadNames = "([unclosed")
  @ExtendWith(OnlyInTestKit.class)
  static class BadRegex {
    @Test
    void neverChecked() {}
  }

  @LeakCheck(lingerMillis = -5)
  @ExtendWith(OnlyInTestKit.class)
  static class NegativeLinger {
    @Test
    void neverChecked() {}
  }

  @LeakCheck
  @ExtendWith(OnlyInTestKit.class)
  static class ClassScopeOnMethod {
    @Test
    @LeakCheck(scope = LeakCheck.Scope.CLASS)
    void misconfigured() {}
  }
}
