package dev.leash.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.examples.ExpectLeak;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The leaky counterpart of graceful-http: its pool outlives stop(0), and stop(0) cuts requests in flight. */
class LeakyHttpServerTest {

  private static String get(int port, String path) throws IOException {
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return read(s.getInputStream());
    }
  }

  private static String read(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (SocketException reset) {
      return "";
    }
  }

  @Test
  void stopLeavesTheExecutorsThreadsIdleForEver() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    LeakyHttpServer leaky = new LeakyHttpServer(0, Duration.ZERO, line -> {});
    try {
      assertThat(get(leaky.port(), "/hello")).startsWith("HTTP/1.1 200").endsWith("hi");
      leaky.stop();
      assertThat(check.assertLeaks("idle-executor")).containsKey("idle-executor");
    } finally {
      leaky.stopThreads();
    }
  }

  @Test
  void stopCutsARequestInFlight() throws Exception {
    LeakyHttpServer leaky = new LeakyHttpServer(0, Duration.ofSeconds(2), line -> {});
    try (Socket s = new Socket("localhost", leaky.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(leaky.entered.tryAcquire(10, TimeUnit.SECONDS)).as("/hello started").isTrue();
      long t0 = System.nanoTime();
      leaky.stop(); // does not wait for the request in flight
      assertThat(read(s.getInputStream())).doesNotContain("hi");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    } finally {
      leaky.stopThreads();
    }
  }
}
