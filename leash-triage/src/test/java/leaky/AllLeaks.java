package leaky;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A child JVM leaking one or more threads of every pattern, each named after the pattern it must be classified as
 * ({@code <pattern-id>-<detail>}). Prints "ready" once every thread is blocked where it should be, then waits for
 * stdin to close. Deliberately leaky: this is the fixture of the triage tests.
 */
public final class AllLeaks {
  static final Object MONITOR_A = new Object();
  static final Object MONITOR_B = new Object();
  static final Object HELD = new Object();
  static final Object NEVER_NOTIFIED = new Object();
  static volatile long spins;

  private AllLeaks() {}

  public static void main(String[] args) throws Exception {
    List<Runnable> checks = new ArrayList<>();
    // abandoned-producer: put into a handoff / a full queue nobody drains
    SynchronousQueue<Integer> handoff = new SynchronousQueue<>();
    ArrayBlockingQueue<Integer> full = new ArrayBlockingQueue<>(1);
    full.add(0);
    Thread p1 = platform("abandoned-producer-sync", () -> handoff.put(1));
    Thread p2 = virtual("abandoned-producer-sync-v", () -> handoff.put(2));
    Thread p3 = platform("abandoned-producer-full", () -> full.put(3));
    checks.add(() -> Ready.await(p1, "put", Thread.State.WAITING));
    checks.add(() -> Ready.await(p2, "put", Thread.State.WAITING));
    checks.add(() -> Ready.await(p3, "put", Thread.State.WAITING));
    // orphaned-consumer: take, future, latch, Object.wait with nobody left to produce
    LinkedBlockingQueue<Integer> empty = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> never = new CompletableFuture<>();
    CountDownLatch closed = new CountDownLatch(1);
    for (int i = 0; i < 3; i++) {
      Thread c = platform("orphaned-consumer-take-" + i, empty::take);
      checks.add(() -> Ready.await(c, "take", Thread.State.WAITING));
    }
    for (int i = 0; i < 3; i++) {
      Thread c = virtual("orphaned-consumer-take-v" + i, empty::take);
      checks.add(() -> Ready.await(c, "take", Thread.State.WAITING));
    }
    Thread c1 = virtual("orphaned-consumer-future", never::get);
    Thread c2 = platform("orphaned-consumer-latch", closed::await);
    Thread c3 = platform("orphaned-consumer-wait", () -> {
      synchronized (NEVER_NOTIFIED) {
        NEVER_NOTIFIED.wait();
      }
    });
    checks.add(() -> Ready.await(c1, "get", Thread.State.WAITING));
    checks.add(() -> Ready.await(c2, "await", Thread.State.WAITING));
    checks.add(() -> Ready.await(c3, "wait", Thread.State.WAITING));
    // busy-spin: RUNNABLE in the same application frames forever
    Thread spin = platform("busy-spin-loop", () -> {
      while (spins >= 0) {
        spins++;
      }
    });
    checks.add(() -> Ready.await(spin, "run", Thread.State.RUNNABLE));
    // lock-held-blocking: a monitor and a ReentrantLock held across a sleep, others blocked behind them
    CountDownLatch held = new CountDownLatch(2);
    ReentrantLock lock = new ReentrantLock();
    Thread h1 = platform("lock-held-blocking-holder", () -> {
      synchronized (HELD) {
        held.countDown();
        Thread.sleep(TimeUnit.HOURS.toMillis(1));
      }
    });
    Thread h2 = platform("lock-held-blocking-rholder", () -> {
      lock.lock();
      held.countDown();
      Thread.sleep(TimeUnit.HOURS.toMillis(1));
    });
    held.await();
    Thread w1 = platform("lock-held-blocking-waiter", () -> {
      synchronized (HELD) {
        spins--;
      }
    });
    Thread w2 = virtual("lock-held-blocking-waiter-v", () -> {
      synchronized (HELD) {
        spins--;
      }
    });
    Thread w3 = platform("lock-held-blocking-rwaiter", lock::lock);
    checks.add(() -> Ready.await(h1, "sleep", Thread.State.TIMED_WAITING));
    checks.add(() -> Ready.await(h2, "sleep", Thread.State.TIMED_WAITING));
    checks.add(() -> Ready.await(w1, "run", Thread.State.BLOCKED));
    checks.add(() -> Ready.await(w2, "run", Thread.State.BLOCKED));
    checks.add(() -> Ready.await(w3, "lock", Thread.State.WAITING));
    // unstopped-scheduler: a Timer, a scheduleAtFixedRate pool, a sleep loop, never stopped
    new Timer("unstopped-scheduler-timer").schedule(new TimerTask() {
      @Override
      public void run() {}
    }, TimeUnit.HOURS.toMillis(1), TimeUnit.HOURS.toMillis(1));
    ScheduledExecutorService ses = Executors.newScheduledThreadPool(1, named("unstopped-scheduler-rate"));
    ses.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.HOURS);
    Thread sl = virtual("unstopped-scheduler-sleep-v", () -> {
      while (true) {
        spins--;
        Thread.sleep(TimeUnit.HOURS.toMillis(1));
      }
    });
    checks.add(() -> Ready.await(sl, "sleep", Thread.State.TIMED_WAITING));
    // idle-executor: a fixed pool that ran its tasks and was never shut down
    ExecutorService pool = Executors.newFixedThreadPool(2, named("idle-executor"));
    pool.submit(() -> {}).get();
    pool.submit(() -> {}).get();
    // stuck-io: socket reads without timeout, platform and virtual
    ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    List<Socket> sockets = new ArrayList<>();
    for (String name : List.of("stuck-io-read", "stuck-io-read-v")) {
      Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      sockets.add(server.accept());
      InputStream in = client.getInputStream();
      Thread r = name.endsWith("-v") ? virtual(name, in::read) : platform(name, in::read);
      checks.add(() -> Ready.await(r, "read", null));
    }
    // deadlock: two monitors taken in opposite orders, two ReentrantLocks the same way
    deadlock(checks);
    for (Runnable check : checks) {
      check.run();
    }
    Ready.readyThenWait();
  }

  private static void deadlock(List<Runnable> checks) throws InterruptedException {
    CountDownLatch both = new CountDownLatch(2);
    Thread a = platform("deadlock-monitor-a", () -> {
      synchronized (MONITOR_A) {
        both.countDown();
        both.await();
        synchronized (MONITOR_B) {
          spins--;
        }
      }
    });
    Thread b = platform("deadlock-monitor-b", () -> {
      synchronized (MONITOR_B) {
        both.countDown();
        both.await();
        synchronized (MONITOR_A) {
          spins--;
        }
      }
    });
    ReentrantLock la = new ReentrantLock();
    ReentrantLock lb = new ReentrantLock();
    CountDownLatch both2 = new CountDownLatch(2);
    Thread c = platform("deadlock-lock-a", () -> {
      la.lock();
      both2.countDown();
      both2.await();
      lb.lock();
    });
    Thread d = platform("deadlock-lock-b", () -> {
      lb.lock();
      both2.countDown();
      both2.await();
      la.lock();
    });
    checks.add(() -> Ready.await(a, "run", Thread.State.BLOCKED));
    checks.add(() -> Ready.await(b, "run", Thread.State.BLOCKED));
    checks.add(() -> Ready.await(c, "lock", Thread.State.WAITING));
    checks.add(() -> Ready.await(d, "lock", Thread.State.WAITING));
  }

  /** A body that may throw. */
  interface Body {
    void run() throws Exception;
  }

  static Thread platform(String name, Body body) {
    Thread t = new Thread(() -> run(body), name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  static Thread virtual(String name, Body body) {
    return Thread.ofVirtual().name(name).start(() -> run(body));
  }

  private static void run(Body body) {
    try {
      body.run();
    } catch (InterruptedException | IOException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }
}
