package dev.leash.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.leash.Context;
import dev.leash.WorkerPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code /metrics} wiring shown in docs/metrics.md, served and fetched over real HTTP. */
@Timeout(30)
class MetricsEndpointTest {

  /** Serves {@code registry}'s Prometheus scrape at {@code /metrics} (the snippet in docs/metrics.md). */
  static HttpServer serveMetrics(PrometheusMeterRegistry registry, LeashMetrics metrics, int port) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/metrics", exchange -> {
      metrics.refresh(); // optional: the owner set is exact in this very scrape
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  @Test
  void metricsAreServedOverHttp() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LeashMetrics metrics = new LeashMetrics();
    metrics.bindTo(registry);
    HttpServer server = serveMetrics(registry, metrics, 0);
    try (WorkerPool<String> orders = WorkerPool.<String>builder((c, job) -> { })
            .name("orders").workers(2).queueCapacity(8).open(Context.background());
        HttpClient client = HttpClient.newHttpClient()) {
      metrics.pool("orders", orders);
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
          .startsWith("text/plain"));
      assertThat(response.body())
          .contains("leash_pool_queue_depth{pool=\"orders\"} 0.0")
          .contains("leash_tasks_live_tasks{group=\"orders\",kind=\"worker-pool\"} 2.0")
          .contains("leash_threads_live_threads{kind=\"platform\"}");
    } finally {
      server.stop(0);
      registry.close();
    }
  }
}
