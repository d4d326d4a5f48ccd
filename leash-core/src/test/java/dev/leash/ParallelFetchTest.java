package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 004 tasks 3.1 and 3.2 done with a TaskGroup against a real local HTTP server. */
class ParallelFetchTest {
  private HttpServer server;
  private ExecutorService handlers;
  private HttpClient client;
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    handlers = Executors.newVirtualThreadPerTaskExecutor();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    server.setExecutor(handlers);
    server.createContext("/ok/", ex -> reply(ex, 200, "body of " + ex.getRequestURI().getPath()));
    server.createContext("/fail/", ex -> reply(ex, 500, "broken"));
    server.createContext("/slow/", ex -> {
      try {
        releaseSlow.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(ex, 200, "late");
    });
    server.createContext("/100ms/", ex -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(100); // the behaviour under test: a 100 ms upstream
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      boolean fail = ex.getRequestURI().getPath().endsWith("/fail");
      reply(ex, fail ? 500 : 200, fail ? "broken" : "ok");
    });
    server.start();
    client = HttpClient.newBuilder().executor(handlers).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    releaseSlow.countDown();
    client.close();
    server.stop(0);
    handlers.shutdownNow();
    assertThat(handlers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Fetches one URL; stops when ctx is done (HttpClient.send is interruptible, the group interrupts on cancel). */
  private String fetch(Context ctx, URI u) throws IOException, InterruptedException {
    ctx.throwIfDone();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(u + " answered " + r.statusCode());
    }
    return r.body();
  }

  private List<String> fetchAll(Context parent, List<URI> urls, int limit) throws InterruptedException {
    TaskGroup.Builder b = TaskGroup.builder().name("fetch");
    if (limit > 0) {
      b.limit(limit);
    }
    try (TaskGroup g = b.open(parent)) {
      List<Task<String>> bodies = new ArrayList<>();
      for (URI u : urls) {
        bodies.add(g.fork(ctx -> fetch(ctx, u)));
      }
      g.await();
      return bodies.stream().map(Task::resultNow).toList();
    }
  }

  @Test
  void task31_fetchAllReturnsEveryBodyInOrder() throws Exception {
    List<URI> urls = List.of(uri("/ok/a"), uri("/ok/b"), uri("/ok/c"));
    assertThat(fetchAll(Context.background(), urls, 0))
        .containsExactly("body of /ok/a", "body of /ok/b", "body of /ok/c");
  }

  @Test
  void task31_oneFailureCancelsTheOthers() throws Exception {
    AtomicInteger cancelled = new AtomicInteger();
    CountDownLatch slowSent = new CountDownLatch(4);
    IOException[] failure = new IOException[1];
    try (TaskGroup g = TaskGroup.builder().name("fetch").open(Context.background())) {
      for (int i = 0; i < 4; i++) {
        URI u = uri("/slow/" + i);
        g.go(ctx -> {
          slowSent.countDown();
          try {
            fetch(ctx, u);
          } catch (InterruptedException | CancelledException e) {
            assertThat(ctx.isDone()).isTrue();
            cancelled.incrementAndGet();
            throw e;
          }
        });
      }
      slowSent.await();
      g.go(ctx -> fetch(ctx, uri("/fail/x")));
      assertThatThrownBy(g::await).isInstanceOf(TaskFailedException.class)
          .hasCauseInstanceOf(IOException.class)
          .satisfies(e -> failure[0] = (IOException) e.getCause());
    }
    assertThat(failure[0]).hasMessageContaining("/fail/x answered 500");
    assertThat(cancelled).as("every slow fetch observed the cancellation").hasValue(4);
  }

  @Test
  void task32_atMostEightInFlight() throws Exception {
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      urls.add(uri("/100ms/" + i));
    }
    long start = System.nanoTime();
    List<String> bodies = fetchAll(Context.background(), urls, 8);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("task 3.2: 100 URLs x 100 ms with limit 8 took %d ms (ideal ~1300 ms)%n", millis);
    assertThat(bodies).hasSize(100).containsOnly("ok");
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(8).isGreaterThan(1);
  }

  @Test
  void task32_noThreadLeftWhenHalfFail() throws Exception {
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      urls.add(uri("/100ms/" + i + (i % 2 == 0 ? "/fail" : "/ok")));
    }
    long before = Leash.virtualThreadCount();
    assertThatThrownBy(() -> fetchAll(Context.background(), urls, 8)).isInstanceOf(TaskFailedException.class);
    assertThat(Leash.virtualThreadCount()).isEqualTo(before);
    assertThat(Leash.tasks()).noneMatch(o -> o.name().equals("fetch"));
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(8);
  }
}
