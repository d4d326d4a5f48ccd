package dev.leash.audit;

import static dev.leash.audit.Sources.scan;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit follows a handle across files: constructors, setters, factory methods, superclasses. */
class WholeProgramTest {
  @TempDir Path dir;

  private static SpawnSite only(AuditReport r) {
    assertThat(r.spawnSites()).hasSize(1);
    return r.spawnSites().get(0);
  }

  @Test
  void schedulerHandedToAClassWhoseCloseNeverStopsItIsALeakWithItsTrail() {
    AuditReport r = scan(dir,
        "a/Service.java", """
            package a;
            import java.util.concurrent.*;
            import b.Breaker;
            class Service implements AutoCloseable {
              private final Breaker breaker = new Breaker(Executors.newScheduledThreadPool(1));
              public void close() { breaker.close(); }
            }
            """,
        "b/Breaker.java", """
            package b;
            import java.util.concurrent.*;
            public class Breaker implements AutoCloseable {
              private final ScheduledExecutorService scheduler;
              public Breaker(ScheduledExecutorService scheduler) { this.scheduler = scheduler; }
              void tick() { scheduler.schedule(() -> { }, 1, TimeUnit.SECONDS); }
              public void close() { }
            }
            """);
    SpawnSite s = only(r);
    assertThat(s.file()).isEqualTo("a/Service.java");
    assertThat(s.line()).isEqualTo(5);
    assertThat(s.owner()).isTrue();
    assertThat(s.stop()).isFalse();
    assertThat(s.waits()).isFalse();
    assertThat(s.trail()).isEqualTo("handed to new Breaker(...) -> field Breaker.scheduler -> nothing in Breaker"
        + " stops it, nothing waits for it");
    assertThat(s.advice()).contains(s.trail());
    assertThat(Sources.rules(r)).containsExactly("unstopped-scheduler");
  }

  @Test
  void shutdownNowWithoutAwaitTerminationIsStoppedButNotWaited() {
    SpawnSite s = only(scan(dir,
        "Cache.java", """
            import java.util.concurrent.*;
            class Cache implements AutoCloseable {
              private final Pool pool = new Pool(Executors.newSingleThreadExecutor());
              public void close() { pool.close(); }
            }
            """,
        "Pool.java", """
            import java.util.concurrent.*;
            class Pool implements AutoCloseable {
              private final ExecutorService executor;
              Pool(ExecutorService executor) { this.executor = java.util.Objects.requireNonNull(executor); }
              public void close() { executor.shutdownNow(); }
            }
            """));
    assertThat(s.stop()).isTrue();
    assertThat(s.waits()).isFalse();
    assertThat(s.trail()).contains("field Pool.executor", "Pool.close() calls executor.shutdownNow()",
        "nothing waits for it");
  }

  @Test
  void handedToAClassThatShutsDownAndAwaitsIsHealthy() {
    SpawnSite s = only(scan(dir,
        "Main.java", """
            import java.util.concurrent.*;
            class Main {
              void run() {
                ExecutorService ex = Executors.newFixedThreadPool(2);
                Worker w = new Worker();
                w.setExecutor(ex);
              }
            }
            """,
        "Worker.java", """
            import java.util.concurrent.*;
            class Worker {
              private ExecutorService executor;
              void setExecutor(ExecutorService e) { executor = e; }
              void stop() throws InterruptedException { executor.shutdown(); executor.awaitTermination(5, TimeUnit.SECONDS); }
            }
            """));
    assertThat(s.healthy()).isTrue();
    assertThat(s.trail()).contains("handed to Worker.setExecutor(...) -> field Worker.executor");
  }

  @Test
  void projectFactoryIsJudgedAtEachCallSite() {
    AuditReport r = scan(dir,
        "util/Threads.java", """
            package util;
            import java.util.concurrent.*;
            public final class Threads {
              public static ExecutorService newPool(String name) {
                return Executors.newFixedThreadPool(2);
              }
            }
            """,
        "app/Good.java", """
            package app;
            import java.util.concurrent.*;
            import util.Threads;
            class Good implements AutoCloseable {
              private final ExecutorService pool = Threads.newPool("good");
              public void close() throws InterruptedException {
                pool.shutdown();
                pool.awaitTermination(1, TimeUnit.SECONDS);
              }
            }
            """,
        "app/Leaky.java", """
            package app;
            import java.util.concurrent.*;
            import util.Threads;
            class Leaky {
              private final ExecutorService pool = Threads.newPool("leaky");
            }
            """);
    assertThat(r.spawnSites()).extracting(SpawnSite::file, SpawnSite::line, SpawnSite::healthy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("app/Good.java", 5, true),
            org.assertj.core.groups.Tuple.tuple("app/Leaky.java", 5, false));
    assertThat(r.spawnSites().get(1).trail()).startsWith("returned by Threads.newPool()");
    assertThat(r.findings()).extracting(Finding::file, Finding::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("app/Leaky.java", 5));
  }

  @Test
  void factoryNobodyInTheTreeCallsIsUnknownNotHealthy() {
    SpawnSite s = only(scan(dir, "Api.java", """
        import java.util.concurrent.*;
        public class Api {
          public static ExecutorService create() { return Executors.newCachedThreadPool(); }
        }
        """));
    assertThat(s.healthy()).isFalse();
    assertThat(s.owner()).isTrue();
    assertThat(s.advice()).startsWith("unknown stop, unknown wait").contains("nothing in the source tree calls");
  }

  @Test
  void handleLeavingTheTreeIsUnknown() {
    AuditReport r = scan(dir, "Reg.java", """
        import java.util.concurrent.*;
        import org.lib.Registry;
        class Reg {
          void go(Registry registry) { registry.register(Executors.newFixedThreadPool(1)); }
        }
        """);
    SpawnSite s = only(r);
    assertThat(s.healthy()).isFalse();
    assertThat(s.advice()).contains("unknown stop", "outside the source tree");
    assertThat(r.findings()).as("an unknown is not reported as never shut down").isEmpty();
  }

  @Test
  void superConstructorAndBaseClassLifecycleAreFollowed() {
    SpawnSite s = only(scan(dir,
        "Base.java", """
            import java.util.concurrent.*;
            abstract class Base implements AutoCloseable {
              private final ExecutorService executor;
              Base(ExecutorService executor) { this.executor = executor; }
              public void close() { executor.close(); }
            }
            """,
        "Child.java", """
            import java.util.concurrent.*;
            class Child extends Base {
              Child() { super(Executors.newSingleThreadExecutor()); }
            }
            """));
    assertThat(s.healthy()).isTrue();
    assertThat(s.trail()).contains("super(...)", "field Base.executor", "Base.close() calls executor.close()");
  }

  @Test
  void fieldStoppedByTheSuperclassShutdownChain() {
    SpawnSite s = only(scan(dir,
        "Component.java", """
            import java.util.concurrent.*;
            abstract class Component {
              protected ExecutorService workers;
              public void shutdown() throws InterruptedException {
                workers.shutdownNow();
                workers.awaitTermination(1, TimeUnit.SECONDS);
              }
            }
            """,
        "Sync.java", """
            import java.util.concurrent.*;
            class Sync extends Component {
              void start() { workers = Executors.newFixedThreadPool(4); }
            }
            """));
    assertThat(s.file()).isEqualTo("Sync.java");
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void helperMethodThatShutsItsParameterDownCounts() {
    SpawnSite s = only(scan(dir, "P.java", """
        import java.util.concurrent.*;
        class P {
          void sync() {
            ExecutorService ex = Executors.newFixedThreadPool(3);
            release(ex);
          }
          private void release(ExecutorService e) { e.shutdownNow(); }
        }
        """));
    assertThat(s.stop()).isTrue();
    assertThat(s.waits()).isFalse();
    assertThat(s.trail()).contains("P.release() calls e.shutdownNow()");
  }

  @Test
  void timerCancelIsAStopButNotAWait() {
    SpawnSite s = only(scan(dir, "T.java", """
        import java.util.Timer;
        class T {
          private final Timer timer = new Timer();
          void close() { timer.cancel(); }
        }
        """));
    assertThat(s.stop()).isTrue();
    assertThat(s.waits()).isFalse();
    assertThat(s.advice()).contains("does not wait");
  }

  @Test
  void sameSimpleNameInTwoPackagesIsResolvedByPackageAndImport() {
    AuditReport r = scan(dir,
        "x/Worker.java", """
            package x;
            public class Worker extends Thread { public void run() { } }
            """,
        "y/Worker.java", """
            package y;
            public class Worker implements Runnable { public void run() { } }
            """,
        "y/UsesRunnable.java", """
            package y;
            class UsesRunnable { void go() { Runnable r = new Worker(); r.run(); } }
            """,
        "z/UsesThread.java", """
            package z;
            import x.Worker;
            class UsesThread { void go() throws InterruptedException { Worker w = new Worker(); w.start(); w.join(); } }
            """);
    assertThat(r.spawnSites()).extracting(SpawnSite::file).containsExactly("z/UsesThread.java");
  }

  @Test
  void threadSubclassHandedToAnExecutorIsATaskNotAThread() {
    AuditReport r = scan(dir,
        "Job.java", "class Job extends Thread { public void run() { } }\n",
        "Runner.java", """
            import java.util.concurrent.*;
            class Runner {
              void go(ExecutorService ex) { ex.execute(new Job()); }
            }
            """);
    assertThat(r.spawnSites()).isEmpty();
  }

  @Test
  void nettyJettyAndSwingSpawnKinds() {
    AuditReport r = scan(dir, "Server.java", """
        import io.netty.channel.nio.NioEventLoopGroup;
        import org.eclipse.jetty.util.thread.QueuedThreadPool;
        import javax.swing.SwingWorker;
        class Server {
          private final NioEventLoopGroup boss = new NioEventLoopGroup(1);
          private final QueuedThreadPool threads = new QueuedThreadPool(8);
          void ui() {
            new SwingWorker<String, Void>() { protected String doInBackground() { return "x"; } }.execute();
          }
          void close() throws Exception {
            boss.shutdownGracefully().sync();
            threads.stop();
          }
        }
        """);
    List<SpawnSite> s = r.spawnSites();
    assertThat(s).extracting(SpawnSite::line, x -> x.kind().id(), SpawnSite::healthy).containsExactly(
        org.assertj.core.groups.Tuple.tuple(5, "executor", true),
        org.assertj.core.groups.Tuple.tuple(6, "executor", true),
        org.assertj.core.groups.Tuple.tuple(8, "async", false));
  }

  @Test
  void aTaskWithABoundedLoopEndsByItself() {
    SpawnSite bounded = only(scan(dir, "B.java", """
        class B {
          private Thread t;
          void start() {
            t = new Thread(() -> {
              int i = 0;
              while (i < 10) { System.out.println(i); i++; }
            });
            t.start();
          }
          void close() throws InterruptedException { t.join(); }
        }
        """));
    assertThat(bounded.healthy()).isTrue();
    SpawnSite endless = only(scan(dir, "B.java", """
        class B {
          private Thread t;
          void start() {
            t = new Thread(() -> {
              int i = 0;
              while (i < 10) { System.out.println(i); }
            });
            t.start();
          }
          void close() throws InterruptedException { t.join(); }
        }
        """));
    assertThat(endless.stop()).isFalse();
  }

  @Test
  void aRunnableClassWhoseRunEndsByItselfIsStopped() {
    AuditReport r = scan(dir,
        "Connect.java", """
            class Connect implements Runnable {
              void start() { new Thread(this).start(); }
              public void run() { System.out.println("connect once"); }
            }
            """,
        "Pump.java", """
            class Pump implements Runnable {
              void start() { new Thread(this).start(); }
              public void run() { while (true) { System.out.println("pump"); } }
            }
            """,
        "Borrow.java", """
            class Borrower extends Thread {
              public void run() { System.out.println("borrow once"); }
            }
            class Borrow {
              void go() throws InterruptedException {
                Thread[] ts = new Thread[3];
                for (int i = 0; i < ts.length; i++) { ts[i] = new Borrower(); ts[i].start(); }
                for (int i = 0; i < ts.length; i++) { ts[i].join(); }
              }
            }
            """);
    assertThat(r.spawnSites()).extracting(SpawnSite::file, SpawnSite::stop, SpawnSite::waits).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Borrow.java", true, true),
        org.assertj.core.groups.Tuple.tuple("Connect.java", true, false),
        org.assertj.core.groups.Tuple.tuple("Pump.java", false, false));
    assertThat(r.spawnSites().get(1).trail()).isEqualTo("Connect.run() ends by itself");
  }

  @Test
  void anEnumStateWithANotifyOrAPlainRunningFlagIsAStopSignal() {
    SpawnSite state = only(scan(dir, "Callback.java", """
        class Callback implements Runnable {
          enum State { RUNNING, STOPPED }
          private State target = State.RUNNING;
          private final Object work = new Object();
          private Thread thread;
          void start() { thread = new Thread(this); thread.start(); }
          public void run() {
            while (target == State.RUNNING) {
              synchronized (work) { try { work.wait(); } catch (InterruptedException e) { return; } }
            }
          }
          void stop() throws InterruptedException {
            target = State.STOPPED;
            synchronized (work) { work.notifyAll(); }
            thread.join();
          }
        }
        """));
    assertThat(state.healthy()).isTrue();
    SpawnSite flag = only(scan(dir, "Callback.java", """
        class Callback implements Runnable {
          private boolean running = true;
          private Thread thread;
          void start() { thread = new Thread(this); thread.start(); }
          public void run() { while (running) { Thread.onSpinWait(); } }
          void stop() { running = false; }
        }
        """));
    assertThat(flag.stop()).isTrue();
    assertThat(flag.waits()).isFalse();
  }
}
