package dev.leash.audit;

import static dev.leash.audit.Sources.body;
import static dev.leash.audit.Sources.lineOf;
import static dev.leash.audit.Sources.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule fires on its shape, on the offending line, and stays silent on look-alikes. */
class RulesTest {
  @TempDir Path dir;

  private void firesOn(String code, Rule rule, String marker) {
    AuditReport r = body(dir, code);
    assertThat(r.findings()).filteredOn(f -> f.rule() == rule).extracting(Finding::line)
        .containsExactly(lineOf(code, marker));
  }

  private void silent(String code, Rule rule) {
    assertThat(rules(body(dir, code))).doesNotContain(rule.id());
  }

  // ---- swallowed-interrupt

  @Test
  void swallowedInterruptFires() {
    firesOn("""
        void f() {
          try { Thread.sleep(10); }
          catch (InterruptedException e) { System.out.println(e); }
        }
        """, Rule.SWALLOWED_INTERRUPT, "catch (");
  }

  @Test
  void restoredOrRethrownInterruptIsFine() {
    silent("""
        void a() { try { Thread.sleep(10); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } }
        void b() { try { Thread.sleep(10); } catch (InterruptedException e) { throw new IllegalStateException(e); } }
        void c() { try { Thread.sleep(10); } catch (InterruptedException e) { return; } }
        void d() { while (true) { try { Thread.sleep(10); } catch (InterruptedException e) { break; } } }
        void e() { try { Thread.sleep(10); } catch (IOException | RuntimeException e) { } }
        """, Rule.SWALLOWED_INTERRUPT);
  }

  @Test
  void suppressionByAnnotationAndComment() {
    String code = """
        @SuppressWarnings("leash:swallowed-interrupt")
        void a() { try { Thread.sleep(10); } catch (InterruptedException e) { } }
        void b() {
          try { Thread.sleep(10); }
          catch (InterruptedException e) { } // leash:ignore swallowed-interrupt
        }
        void c() {
          try { Thread.sleep(10); }
          catch (InterruptedException e) { } // leash:ignore busy-spin
        }
        """;
    firesOn(code, Rule.SWALLOWED_INTERRUPT, "leash:ignore busy-spin");
  }

  // ---- busy-spin

  @Test
  void pollLoopSpins() {
    firesOn("""
        volatile boolean running = true;
        void run(Queue<Runnable> q) {
          while (running) {
            Runnable r = q.poll();
            if (r != null) r.run();
          }
        }
        """, Rule.BUSY_SPIN, "while (running)");
  }

  @Test
  void spinWaitOnAFlagSpins() {
    firesOn("""
        volatile boolean ready;
        void await() {
          while (!ready) { }
        }
        """, Rule.BUSY_SPIN, "while (!ready)");
  }

  @Test
  void loopSwallowingInterruptsSpins() {
    String code = """
        void run(BlockingQueue<String> q) {
          for (;;) {
            try { q.take(); }
            catch (InterruptedException e) { }
          }
        }
        """;
    firesOn(code, Rule.BUSY_SPIN, "for (;;)");
  }

  @Test
  void blockingDrainingAndCasLoopsDoNotSpin() {
    silent("""
        volatile boolean running = true;
        void a(BlockingQueue<Runnable> q) throws InterruptedException { while (running) { q.take().run(); } }
        void b(Queue<Runnable> q) { Runnable r; while ((r = q.poll()) != null) { r.run(); } }
        void c(Queue<Runnable> q) { while (true) { Runnable r = q.poll(); if (r == null) break; r.run(); } }
        void d(java.util.concurrent.atomic.AtomicInteger n) { int v; do { v = n.get(); } while (!n.compareAndSet(v, v + 1)); }
        void e(int n) { int i = 0; while (i < n) { i++; } }
        void f(BlockingQueue<Runnable> q) throws InterruptedException { while (running) { Runnable r = q.poll(1, TimeUnit.SECONDS); } }
        void g() { while (!ready()) { Thread.onSpinWait(); } }
        void h(Iterator<String> it) { while (it.hasNext()) { it.next(); } }
        boolean ready() { return true; }
        """, Rule.BUSY_SPIN);
  }

  // ---- lock-held-blocking

  @Test
  void sleepInsideSynchronizedFires() {
    firesOn("""
        private final Object lock = new Object();
        void f() throws InterruptedException {
          synchronized (lock) {
            Thread.sleep(100);
          }
        }
        """, Rule.LOCK_HELD_BLOCKING, "Thread.sleep");
  }

  @Test
  void takeBetweenLockAndUnlockFires() {
    firesOn("""
        private final ReentrantLock lock = new ReentrantLock();
        void f(BlockingQueue<String> q) throws InterruptedException {
          lock.lock();
          try {
            q.take();
          } finally {
            lock.unlock();
          }
        }
        """, Rule.LOCK_HELD_BLOCKING, "q.take()");
  }

  @Test
  void waitOnHeldMonitorConditionAwaitAndWorkAfterUnlockAreFine() {
    silent("""
        private final Object lock = new Object();
        private final ReentrantLock l = new ReentrantLock();
        private final Condition changed = l.newCondition();
        boolean done;
        void a() throws InterruptedException { synchronized (lock) { while (!done) lock.wait(); } }
        synchronized void b() throws InterruptedException { while (!done) wait(); }
        void c() throws InterruptedException { l.lock(); try { while (!done) changed.await(); } finally { l.unlock(); } }
        void d(BlockingQueue<String> q) throws InterruptedException {
          String copy;
          synchronized (lock) { copy = "x"; }
          q.take();
        }
        void e() { synchronized (lock) { Runnable r = () -> { try { Thread.sleep(1); } catch (InterruptedException x) { Thread.currentThread().interrupt(); } }; } }
        """, Rule.LOCK_HELD_BLOCKING);
  }

  @Test
  void waitOnAnotherMonitorWhileHoldingOneFires() {
    firesOn("""
        private final Object a = new Object();
        private final Object b = new Object();
        void f() throws InterruptedException {
          synchronized (a) {
            b.wait();
          }
        }
        """, Rule.LOCK_HELD_BLOCKING, "b.wait()");
  }

  @Test
  void blockingQueuePutInsideSynchronizedFiresByDeclaredType() {
    String code = """
        private final Object lock = new Object();
        private final List<String> pending = new ArrayList<>();
        private final SynchronousQueue<String> dispatch = new SynchronousQueue<>();
        void enqueue(String job) throws InterruptedException {
          synchronized (lock) {
            pending.add(job);
            dispatch.put(job);
          }
        }
        """;
    firesOn(code, Rule.LOCK_HELD_BLOCKING, "dispatch.put(job)");
    assertThat(body(dir, code).findings()).filteredOn(f -> f.rule() == Rule.LOCK_HELD_BLOCKING)
        .extracting(Finding::message).singleElement().asString()
        .startsWith("SynchronousQueue.put() while holding synchronized (lock)");
  }

  @Test
  void blockingCallsFoundByParameterLocalAndFieldTypes() {
    firesOn("""
        synchronized void a(BlockingQueue<String> results) throws InterruptedException {
          results.put("a");
        }
        """, Rule.LOCK_HELD_BLOCKING, "results.put");
    firesOn("""
        private final Object lock = new Object();
        void b() throws InterruptedException {
          var out = new ArrayBlockingQueue<String>(1);
          synchronized (lock) {
            out.put("b");
          }
        }
        """, Rule.LOCK_HELD_BLOCKING, "out.put");
    firesOn("""
        private final ReentrantLock lock = new ReentrantLock();
        private final java.util.concurrent.LinkedBlockingDeque<String> work = new LinkedBlockingDeque<>(4);
        void c() throws InterruptedException {
          lock.lock();
          try {
            this.work.putFirst("c");
          } finally {
            lock.unlock();
          }
        }
        """, Rule.LOCK_HELD_BLOCKING, "this.work.putFirst");
    firesOn("""
        private final LinkedTransferQueue<String> handoff = new LinkedTransferQueue<>();
        synchronized void d() throws InterruptedException {
          handoff.transfer("d");
        }
        """, Rule.LOCK_HELD_BLOCKING, "handoff.transfer");
  }

  @Test
  void channelSendUnderALockFiresUnlessTheContextIsTimed() {
    firesOn("""
        private final Channel<String> results = Channel.unbuffered();
        synchronized void a(Context ctx) {
          results.send(ctx, "a");
        }
        """, Rule.LOCK_HELD_BLOCKING, "results.send");
    silent("""
        private final Object lock = new Object();
        private final Channel<String> results = Channel.unbuffered();
        void b(Context ctx) {
          try (var timed = ctx.withTimeout(java.time.Duration.ofSeconds(1))) {
            synchronized (lock) {
              results.send(timed, "b");
            }
          }
        }
        synchronized void c(Context ctx) {
          results.send(ctx.withDeadline(java.time.Instant.now().plusSeconds(1)), "c");
        }
        synchronized void d(Context ctx) {
          results.trySend("d");
        }
        """, Rule.LOCK_HELD_BLOCKING);
  }

  @Test
  void offerAndPollWithoutTimeoutAndNonBlockingPutsUnderALockAreFine() {
    silent("""
        private final Object lock = new Object();
        private final SynchronousQueue<String> dispatch = new SynchronousQueue<>();
        private final PriorityBlockingQueue<String> unbounded = new PriorityBlockingQueue<>();
        private final Map<String, String> queueIndex = new HashMap<>();
        void a(String job) {
          synchronized (lock) {
            dispatch.offer(job);
            String next = dispatch.poll();
            unbounded.put(job);
            queueIndex.put(job, job);
          }
        }
        void b(String job) throws InterruptedException {
          synchronized (lock) {
            Runnable later = () -> { try { dispatch.put(job); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } };
          }
          dispatch.put(job);
        }
        void c(Map<String, String> dispatch, String job) {
          synchronized (lock) {
            dispatch.put(job, job);
          }
        }
        """, Rule.LOCK_HELD_BLOCKING);
  }

  // ---- idle-executor / unstopped-scheduler

  @Test
  void executorNeverShutDownFiresOnItsLine() {
    firesOn("""
        private final ExecutorService pool =
            Executors.newFixedThreadPool(4);
        void go() { pool.submit(() -> {}); }
        """, Rule.IDLE_EXECUTOR, "newFixedThreadPool");
  }

  @Test
  void executorShutDownOrPerTaskVirtualIsNotIdle() {
    silent("""
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        void close() { pool.shutdownNow(); }
        void go() { try (var v = Executors.newVirtualThreadPerTaskExecutor()) { v.submit(() -> {}); } }
        ExecutorService make() { return Executors.newCachedThreadPool(); }
        """, Rule.IDLE_EXECUTOR);
  }

  @Test
  void timerAndSchedulerNeverStoppedFire() {
    String code = """
        private final Timer timer = new Timer();
        private final ScheduledExecutorService ses = Executors.newScheduledThreadPool(1);
        void go() { ses.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS); }
        """;
    AuditReport r = body(dir, code);
    assertThat(r.findings()).filteredOn(f -> f.rule() == Rule.UNSTOPPED_SCHEDULER).extracting(Finding::line)
        .containsExactly(lineOf(code, "new Timer()"), lineOf(code, "newScheduledThreadPool"));
  }

  @Test
  void periodicLoopThatSwallowsInterruptsIsUnstopped() {
    firesOn("""
        void run() {
          while (true) {
            work();
            try { Thread.sleep(1000); } catch (InterruptedException e) { }
          }
        }
        void work() {}
        """, Rule.UNSTOPPED_SCHEDULER, "while (true)");
  }

  @Test
  void stoppedSchedulerAndTimerAreFine() {
    silent("""
        private final Timer timer = new Timer();
        private final ScheduledExecutorService ses = Executors.newScheduledThreadPool(1);
        void close() { timer.cancel(); ses.shutdown(); }
        void run() throws InterruptedException { while (true) { Thread.sleep(1000); } }
        """, Rule.UNSTOPPED_SCHEDULER);
  }

  // ---- orphaned-consumer

  @Test
  void untimedTakeInAThreadNobodyStopsFires() {
    firesOn("""
        void go(BlockingQueue<String> q) {
          new Thread(() -> {
            try {
              for (;;) { System.out.println(q.take()); }
            } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
          }).start();
        }
        """, Rule.ORPHANED_CONSUMER, "q.take()");
  }

  @Test
  void timedOrCancellableWaitsAreNotOrphaned() {
    silent("""
        private Thread t;
        void a(BlockingQueue<String> q) {
          t = new Thread(() -> {
            try { for (;;) { q.take(); } } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
          });
          t.start();
        }
        void stop() throws InterruptedException { t.interrupt(); t.join(); }
        void b(BlockingQueue<String> q) {
          new Thread(() -> {
            try { while (q.poll(1, TimeUnit.SECONDS) != null) { } } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
          }).start();
        }
        void c(CountDownLatch latch) {
          try (var pool = Executors.newFixedThreadPool(1)) {
            pool.submit(() -> { latch.await(); return null; });
          }
        }
        """, Rule.ORPHANED_CONSUMER);
  }

  @Test
  void untimedGetInAnExecutorTaskThatIsNeverShutDownFires() {
    firesOn("""
        private final ExecutorService pool = Executors.newCachedThreadPool();
        void go(Future<String> future) {
          pool.execute(() -> {
            try { System.out.println(future.get()); } catch (Exception e) { }
          });
        }
        """, Rule.ORPHANED_CONSUMER, "future.get()");
  }

  // ---- abandoned-producer

  @Test
  void producerAbandonedByATimedOutConsumerFires() {
    firesOn("""
        String first(ExecutorService pool) throws InterruptedException {
          SynchronousQueue<String> q = new SynchronousQueue<>();
          pool.execute(() -> {
            try { q.put(compute()); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
          });
          return q.poll(1, TimeUnit.SECONDS);
        }
        String compute() { return "x"; }
        """, Rule.ABANDONED_PRODUCER, "q.put(");
  }

  @Test
  void producersInALoopWithOneTakeFire() {
    firesOn("""
        String first(ExecutorService pool, List<String> hosts) throws InterruptedException {
          SynchronousQueue<String> q = new SynchronousQueue<>();
          for (String h : hosts) {
            pool.execute(() -> {
              try { q.put(h); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            });
          }
          return q.take();
        }
        """, Rule.ABANDONED_PRODUCER, "q.put(");
  }

  @Test
  void drainedOrUnboundedOrOfferingProducersAreFine() {
    silent("""
        String a(ExecutorService pool) throws InterruptedException {
          SynchronousQueue<String> q = new SynchronousQueue<>();
          pool.execute(() -> { try { q.put("x"); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } });
          return q.take();
        }
        String b(ExecutorService pool) throws InterruptedException {
          BlockingQueue<String> q = new LinkedBlockingQueue<>();
          pool.execute(() -> { try { q.put("x"); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } });
          return q.poll(1, TimeUnit.SECONDS);
        }
        String c(ExecutorService pool) throws InterruptedException {
          SynchronousQueue<String> q = new SynchronousQueue<>();
          pool.execute(() -> { try { q.offer("x", 1, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } });
          return q.poll(1, TimeUnit.SECONDS);
        }
        """, Rule.ABANDONED_PRODUCER);
  }

  // ---- stuck-io

  @Test
  void socketReadInATaskWithoutTimeoutFires() {
    firesOn("""
        void serve(ServerSocket server, ExecutorService pool) throws IOException {
          Socket s = server.accept();
          pool.execute(() -> {
            try (InputStream in = s.getInputStream()) { in.read(); } catch (IOException e) { }
          });
        }
        """, Rule.STUCK_IO, "s.getInputStream()");
  }

  @Test
  void socketWithTimeoutOrReadOutsideATaskIsFine() {
    silent("""
        void a(ServerSocket server, ExecutorService pool) throws IOException {
          Socket s = server.accept();
          s.setSoTimeout(5000);
          pool.execute(() -> {
            try (InputStream in = s.getInputStream()) { in.read(); } catch (IOException e) { }
          });
        }
        int b(Socket s) throws IOException { return s.getInputStream().read(); }
        """, Rule.STUCK_IO);
  }

  @Test
  void suppressionWorksForEveryRuleShape() {
    AuditReport r = body(dir, """
        private final ExecutorService pool = Executors.newFixedThreadPool(4); // leash:ignore idle-executor
        // leash:ignore unstopped-scheduler
        private final Timer timer = new Timer();
        @SuppressWarnings({"unchecked", "leash:busy-spin"})
        void spin(Queue<Runnable> q) { while (true) { Runnable x = q.poll(); if (x != null) x.run(); } }
        @SuppressWarnings("leash:all")
        void all() throws InterruptedException { synchronized (this) { Thread.sleep(1); } }
        void g(BlockingQueue<String> q) {
          new Thread(() -> {
            try { q.take(); } /* leash:ignore orphaned-consumer */ catch (InterruptedException e) { return; }
          }).start();
        }
        """);
    assertThat(r.findings()).isEmpty();
    assertThat(r.spawnSites()).hasSize(3);
  }

  @Test
  void ignoringOneRuleKeepsTheOthersOnTheSameLine() {
    String code = """
        void f() {
          try { Thread.sleep(1); } catch (InterruptedException e) { } // leash:ignore busy-spin
        }
        """;
    firesOn(code, Rule.SWALLOWED_INTERRUPT, "catch (");
  }
}
