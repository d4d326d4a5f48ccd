package dev.leash.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class InProcessSnapshotTest {
  @Test
  void currentJvmIncludesVirtualThreadsWithStableIdsAndNamesTheirPattern() throws Exception {
    LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    CountDownLatch started = new CountDownLatch(3);
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      threads.add(Thread.ofVirtual().name("in-process-consumer-" + i).start(() -> {
        started.countDown();
        try {
          queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    try {
      started.await();
      for (Thread t : threads) {
        awaitState(t, Thread.State.WAITING);
      }
      ThreadSnapshot a = ThreadSnapshot.ofCurrentJvm();
      ThreadSnapshot b = ThreadSnapshot.ofCurrentJvm();
      assertThat(a.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(a.dumperThreadId()).isEqualTo(Thread.currentThread().threadId());
      for (Thread t : threads) {
        SnapshotThread st = a.thread(t.threadId());
        assertThat(st).as("%s in %s", t, a.threads().stream().map(x -> x.id() + ":" + x.name()).toList()).isNotNull();
        assertThat(st.virtual()).isTrue();
        assertThat(st.name()).isEqualTo(t.getName());
        assertThat(b.thread(t.threadId())).as("%s in %s %s", t, b.truncated(),
            b.threads().stream().map(x -> x.id() + ":" + x.name()).toList()).isNotNull();
      }
      TriageReport r = Triage.analyzeThreads(a,
          a.threads().stream().filter(t -> t.name().startsWith("in-process-consumer-")).toList(),
          TriageOptions.DEFAULTS.withLibraryPrefixes(List.of("java.", "jdk."))); // this test lives in dev.leash
      assertThat(r.groups()).hasSize(1);
      assertThat(r.groups().get(0).pattern()).isEqualTo(LeakPattern.ORPHANED_CONSUMER);
      assertThat(r.groups().get(0).count()).isEqualTo(3);
      assertThat(r.groups().get(0).appFrame()).contains("InProcessSnapshotTest");
      // the thread taking the snapshot is never a leak
      assertThat(Triage.analyze(a).groups().stream().filter(g -> g.threadIds().contains(a.dumperThreadId())))
          .allMatch(g -> g.pattern() == LeakPattern.JVM);
    } finally {
      for (Thread t : threads) {
        t.interrupt();
      }
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  @Test
  void currentJvmSeesOwnableSynchronizersOfPlatformThreads() throws Exception {
    java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      lock.lock();
      try {
        holding.countDown();
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    }, "in-process-holder");
    holder.start();
    Thread waiter = new Thread(() -> {
      lock.lock();
      lock.unlock();
    }, "in-process-waiter");
    try {
      holding.await();
      waiter.start();
      awaitState(waiter, Thread.State.WAITING);
      ThreadSnapshot s = ThreadSnapshot.ofCurrentJvm();
      assertThat(s.thread(holder.threadId()).locks().ownedSynchronizers()).hasSize(1);
      assertThat(s.thread(waiter.threadId()).locks().parkBlockerOwner()).isEqualTo(holder.threadId());
      assertThat(s.thread(holder.threadId()).daemon()).isFalse();
    } finally {
      release.countDown();
      holder.join();
      waiter.join();
    }
  }

  /** Polls the state (a condition check, bounded): a latch before a blocking call does not prove it blocked. */
  private static void awaitState(Thread t, Thread.State s) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != s) {
      assertThat(System.nanoTime()).as("%s reaches %s", t.getName(), s).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
