package dev.leash.audit;

import static dev.leash.audit.Sources.body;
import static dev.leash.audit.Sources.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnSitesTest {
  @TempDir Path dir;

  private SpawnSite only(String code) {
    List<SpawnSite> sites = body(dir, code).spawnSites();
    assertThat(sites).hasSize(1);
    return sites.get(0);
  }

  @Test
  void fireAndForgetThreadHasNoOwnerNoWait() {
    String code = """
        void go(BlockingQueue<String> q) {
          new Thread(() -> {
            while (true) { consume(q.poll()); }
          }).start();
        }
        void consume(String s) {}
        """;
    SpawnSite s = only(code);
    assertThat(s.kind()).isEqualTo(SpawnKind.THREAD);
    assertThat(s.line()).isEqualTo(lineOf(code, "new Thread("));
    assertThat(s.owner()).isFalse();
    assertThat(s.stop()).isFalse();
    assertThat(s.waits()).isFalse();
    assertThat(s.advice()).contains("no owner");
  }

  @Test
  void fieldThreadInterruptedAndJoinedIsHealthy() {
    SpawnSite s = only("""
        private Thread worker;
        void start() { worker = new Thread(this::loop); worker.start(); }
        void loop() { while (!Thread.currentThread().isInterrupted()) { } }
        void close() throws InterruptedException { worker.interrupt(); worker.join(); }
        """);
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void virtualBuilderChainSitsOnStartLine() {
    String code = """
        void go(Runnable r) throws InterruptedException {
          Thread t = Thread.ofVirtual()
              .name("w")
              .start(r);
          t.interrupt();
          t.join();
        }
        """;
    SpawnSite s = only(code);
    assertThat(s.kind()).isEqualTo(SpawnKind.VIRTUAL_THREAD);
    assertThat(s.line()).isEqualTo(lineOf(code, ".start(r)"));
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void executorInTryWithResourcesIsHealthy() {
    String code = """
        void go() {
          try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            pool.submit(() -> {});
          }
        }
        """;
    SpawnSite s = only(code);
    assertThat(s.kind()).isEqualTo(SpawnKind.EXECUTOR);
    assertThat(s.line()).isEqualTo(lineOf(code, "newFixedThreadPool"));
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void fieldExecutorShutDownButNotAwaitedHasNoWait() {
    SpawnSite s = only("""
        private final ExecutorService pool = Executors.newCachedThreadPool();
        void stop() { pool.shutdown(); }
        """);
    assertThat(s.owner()).isTrue();
    assertThat(s.stop()).isTrue();
    assertThat(s.waits()).isFalse();
  }

  @Test
  void kindsOfEveryCreatingCall() {
    AuditReport r = body(dir, """
        final ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
        final Timer timer = new Timer();
        final ForkJoinPool fj = new ForkJoinPool(2);
        final ExecutorService tpe = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        CompletableFuture<String> f() { return CompletableFuture.supplyAsync(() -> "x"); }
        void v(Runnable r) { Thread.startVirtualThread(r); }
        """);
    assertThat(r.spawnSites()).extracting(s -> s.kind().id())
        .containsExactlyInAnyOrder("scheduler", "timer", "fork-join", "executor", "async", "virtual-thread");
  }

  @Test
  void threadFactoryShutdownHookStringsAndCommentsAreNotSites() {
    AuditReport r = body(dir, """
        // new Thread(r).start() in a comment
        String s = "new Thread(r).start(); Executors.newFixedThreadPool(2)";
        ThreadFactory tf = r -> new Thread(r, "worker");
        ThreadFactory tf2 = new ThreadFactory() {
          public Thread newThread(Runnable r) { return new Thread(r); }
        };
        void hooks() {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));
          Thread hook = new Thread(() -> {});
          Runtime.getRuntime().addShutdownHook(hook);
        }
        """);
    assertThat(r.spawnSites()).isEmpty();
  }

  @Test
  void asyncGivenAnExecutorIsNotASiteButTheExecutorIs() {
    AuditReport r = body(dir, """
        void go() {
          try (var pool = Executors.newFixedThreadPool(2)) {
            CompletableFuture.supplyAsync(() -> "x", pool).join();
          }
        }
        """);
    assertThat(r.spawnSites()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo(SpawnKind.EXECUTOR);
      assertThat(s.healthy()).isTrue();
    });
  }

  @Test
  void asyncJoinedInlineIsOwnedAndWaited() {
    SpawnSite s = only("""
        String go() { return CompletableFuture.supplyAsync(() -> "x").orTimeout(1, TimeUnit.SECONDS).join(); }
        """);
    assertThat(s.kind()).isEqualTo(SpawnKind.ASYNC);
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void threadSubclassInAnotherFileIsASiteAtItsNew() {
    AuditReport r = Sources.scan(dir,
        "a/Worker.java", "package a; public class Worker extends Thread { public void run() {} }",
        "b/Use.java", "package b; class Use {\n  void go() {\n    new a.Worker().start();\n  }\n}\n");
    assertThat(r.spawnSites()).singleElement().satisfies(s -> {
      assertThat(s.file()).isEqualTo("b/Use.java");
      assertThat(s.line()).isEqualTo(3);
      assertThat(s.kind()).isEqualTo(SpawnKind.THREAD);
    });
  }

  @Test
  void leashTaskGroupClosedIsHealthyAndUnclosedIsNot() {
    AuditReport r = body(dir, """
        void ok(dev.leash.Context ctx) {
          try (var g = TaskGroup.open(ctx)) { g.go(c -> {}); }
        }
        void leaky(dev.leash.Context ctx) {
          var g = TaskGroup.open(ctx);
          g.go(c -> {});
        }
        """);
    assertThat(r.spawnSites()).extracting(SpawnSite::kind).containsOnly(SpawnKind.LEASH);
    assertThat(r.spawnSites()).extracting(SpawnSite::healthy).containsExactly(true, false);
  }

  @Test
  void threadsInACollectionJoinedInALoopAreOwnedAndWaited() {
    SpawnSite s = only("""
        void go(List<Runnable> work) throws InterruptedException {
          List<Thread> threads = new ArrayList<>();
          for (Runnable w : work) {
            threads.add(new Thread(w));
          }
          threads.forEach(Thread::start);
          for (Thread t : threads) { t.interrupt(); t.join(); }
        }
        """);
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void threadStoppedByClosingItsServerSocketCountsAsStopped() {
    // look-alike from NanoHTTPD: stop() closes the socket the thread blocks on, then joins it
    SpawnSite s = only("""
        private ServerSocket socket;
        private Thread listener;
        void start(Runnable r) { listener = new Thread(r); listener.start(); }
        void stop() throws Exception { socket.close(); listener.join(); }
        """);
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void scoreIsHealthySitesOverAllSites() {
    AuditReport r = body(dir, """
        void ok() { try (var p = Executors.newFixedThreadPool(1)) { } }
        void bad() { new Thread(() -> { while (true) { } }).start(); }
        """);
    assertThat(r.spawnSites()).hasSize(2);
    assertThat(r.score()).isEqualTo(50.0);
  }
}
