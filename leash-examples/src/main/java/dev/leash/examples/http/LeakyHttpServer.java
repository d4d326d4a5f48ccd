package dev.leash.examples.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Task 5 as it is often written in Java: the JDK's {@code com.sun.net.httpserver} on a fixed pool, stopped with
 * {@code stop(0)} (typically from a shutdown hook). What is wrong with it:
 * <ul>
 *   <li>{@code stop(0)} closes every connection at once: a request in flight gets no answer (no drain);
 *   <li>{@code /hello}'s sleep ignores its client: a client that leaves does not stop the work;
 *   <li>the executor handed to {@code setExecutor} is never shut down: its workers wait in {@code getTask} for ever
 *       ({@code idle-executor});
 *   <li>no read or write timeout can be set on the server.
 * </ul>
 */
public final class LeakyHttpServer {
  private final HttpServer server;
  private final ExecutorService pool;
  /** Released each time {@code /hello} starts its work (for tests). */
  final Semaphore entered = new Semaphore(0);

  /**
   * Starts the server on {@code port} (0: any free port) with a pool of 4 threads; {@code /hello} logs
   * {@code "GET /hello started"} to {@code log}, sleeps {@code helloTime} and answers {@code hi}.
   *
   * @throws IOException if the port cannot be bound
   */
  public LeakyHttpServer(int port, Duration helloTime, Consumer<String> log) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.createContext("/hello", exchange -> {
      entered.release();
      log.accept("GET /hello started");
      try {
        Thread.sleep(helloTime);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** What the leaky code calls on shutdown: {@code stop(0)}, and nothing for the executor. */
  public void stop() {
    server.stop(0);
  }

  /** Test and runner clean-up only: ends the pool the leaky code leaves behind. */
  void stopThreads() {
    server.stop(0);
    pool.shutdownNow();
  }
}
