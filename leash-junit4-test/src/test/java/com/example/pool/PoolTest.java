package com.example.pool;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** JUnit 4 tests of the library: two leak (and must be blamed by name), the others are clean. */
public class PoolTest {

  @Test
  public void closesItsWorker() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    try (Pool pool = new Pool("closed-worker")) {
      pool.submit(ran::countDown);
      ran.await();
    }
  }

  @Test
  public void forgetsToClose() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Pool pool = new Pool("forgotten-worker");
    pool.submit(ran::countDown);
    ran.await();
    assertEquals(0, ran.getCount());
  }

  @Test
  public void forgetsToShutDownAnExecutor() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(1);
    assertEquals("done", executor.submit(() -> "done").get());
  }

  @Test
  public void schedulesOnceAndShutsDown() throws Exception {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
    assertEquals("later", s.schedule(() -> "later", 1, TimeUnit.MILLISECONDS).get());
    s.shutdown();
    s.awaitTermination(10, TimeUnit.SECONDS);
  }
}
