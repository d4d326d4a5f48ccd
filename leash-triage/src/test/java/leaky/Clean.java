package leaky;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that uses threads the right way: every thread it starts is stopped and waited for before it prints
 * "ready". Its dump must contain no leak group.
 */
public final class Clean {
  private Clean() {}

  public static void main(String[] args) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 16; i++) {
        pool.submit(() -> Math.sqrt(42));
      }
    }
    try (ExecutorService v = Executors.newVirtualThreadPerTaskExecutor()) {
      LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
      for (int i = 0; i < 100; i++) {
        v.submit(() -> q.poll(10, TimeUnit.SECONDS));
      }
      for (int i = 0; i < 100; i++) {
        q.put(i);
      }
    }
    Timer timer = new Timer("clean-timer");
    timer.schedule(new TimerTask() {
      @Override
      public void run() {}
    }, 1);
    timer.cancel();
    for (Thread th : Thread.getAllStackTraces().keySet()) {
      if (th.getName().equals("clean-timer")) {
        th.join();
      }
    }
    Thread t = new Thread(() -> Math.sqrt(2), "clean-worker");
    t.start();
    t.join();
    var ses = Executors.newSingleThreadScheduledExecutor();
    ses.scheduleAtFixedRate(() -> {}, 0, 1, TimeUnit.HOURS).cancel(false);
    ses.shutdown();
    if (!ses.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("scheduler did not stop");
    }
    Ready.readyThenWait();
  }
}
