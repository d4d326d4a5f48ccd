package dev.leash.examples.http;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.Service;
import dev.leash.TaskGroup;
import dev.leash.examples.ExampleFailure;
import dev.leash.micrometer.LeashMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty 12 server of {@code graceful-http} as a {@link Service}: {@code run} starts Jetty and serves until its
 * context is done, {@code drain} stops accepting and waits for the requests in flight.
 *
 * <p>Jetty's own threads only parse requests and write bytes; every request is handled by a task of the
 * {@code http-requests} {@link TaskGroup} (a virtual thread), with its own context:
 * <ul>
 *   <li>{@code GET /hello} waits 2 s on its context, then answers {@code hi}. A client that disconnects (seen by a
 *       {@link DisconnectWatch}) or a failure Jetty reports (an idle timeout) cancels the context, and the handler
 *       stops at once.
 *   <li>{@code GET /hold} is the misbehaving handler: it sleeps 60 s and ignores its client; only the stop phase of
 *       the shutdown (which interrupts it) ends it early.
 *   <li>{@code GET /metrics} answers at once (on Jetty's thread) with a Prometheus scrape: Leash's own meters
 *       ({@link LeashMetrics}: threads, live tasks by owner, among them the {@code http-requests} group) and the
 *       server's ({@code graceful_http_requests_inflight}, {@code graceful_http_hello_cancelled_total}).
 * </ul>
 *
 * <p>Timeouts: {@link #READ_HEADER_TIMEOUT} from a connection's opening to its first request head (a scheduled check
 * that closes the connection), {@link #REQUEST_IDLE_TIMEOUT} for reads and writes while a request is handled (Jetty's
 * {@code HttpConfiguration} idle timeout: a read or write of the request or response that makes no progress for that
 * long fails), {@link #IDLE_TIMEOUT} for an idle connection between requests (the connector's idle timeout).
 */
public final class GracefulServer implements Service {
  /** How long {@code /hello} works before answering. */
  public static final Duration HELLO_TIME = Duration.ofSeconds(2);
  /** How long {@code /hold} holds. */
  public static final Duration HOLD_TIME = Duration.ofSeconds(60);
  /** A new connection must deliver its first request head within this time. */
  public static final Duration READ_HEADER_TIMEOUT = Duration.ofSeconds(5);
  /** While a request is handled, a read or write without progress for this long fails (read and write timeout). */
  public static final Duration REQUEST_IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** A connection with no bytes in or out for this long is closed (keep-alive idle timeout). */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** During the drain, idle keep-alive connections are closed after this long. */
  public static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(500);

  private final int port;
  private final PrintWriter out;
  private final Server server;
  private final ServerConnector connector;
  private final InFlight inFlight = new InFlight();
  private volatile TaskGroup requests;
  /** What was in flight when the stop phase began (null before); merged with what the shutdown cut. */
  private volatile java.util.SortedMap<Long, String> leftAtStop;
  private volatile int connectionsAtStop;
  private volatile boolean draining;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LeashMetrics metrics = new LeashMetrics();
  private final Counter helloCancelled;

  /**
   * A server for {@code port} (0: any free port), printing one line per event to {@code out}. Nothing is bound or
   * started yet: call {@link #open()}, then run it in a {@link dev.leash.ServiceGroup}.
   */
  public GracefulServer(int port, PrintWriter out) {
    this.port = port;
    this.out = out;
    QueuedThreadPool jettyThreads = new QueuedThreadPool(16, 2);
    jettyThreads.setName("http-jetty");
    jettyThreads.setStopTimeout(1000); // Jetty's threads hold no request work: do not wait long for them
    server = new Server(jettyThreads);
    server.setStopTimeout(0); // the drain is ours; Jetty's stop is immediate
    HttpConfiguration http = new HttpConfiguration();
    http.setIdleTimeout(REQUEST_IDLE_TIMEOUT.toMillis());
    http.setSendServerVersion(false);
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
    connector.addEventListener(new HeaderDeadline());
    server.addConnector(connector);
    server.setHandler(new Routes());
    metrics.bindTo(registry);
    Gauge.builder("graceful.http.requests.inflight", inFlight, InFlight::size)
        .description("requests being handled (/hello and /hold)").register(registry);
    helloCancelled = Counter.builder("graceful.http.hello.cancelled")
        .description("/hello requests that stopped early: client gone, timeout or shutdown").register(registry);
  }

  /**
   * Binds the port (before the service group starts, so that a busy port is one clear error).
   *
   * @return the port bound, the chosen one if the port was 0
   * @throws ExampleFailure with exit code 1 if the port is in use or cannot be bound
   */
  public int open() {
    try {
      connector.open();
      return connector.getLocalPort();
    } catch (IOException e) {
      Throwable c = e instanceof BindException ? e : e.getCause();
      if (c instanceof BindException) {
        throw new ExampleFailure("port " + port + " is in use (" + c.getMessage() + ")", 1);
      }
      throw new ExampleFailure("cannot listen on port " + port + ": " + e.getMessage(), 1);
    }
  }

  /** Unbinds the port if the server never ran (a failed start); idempotent. */
  public void close() {
    connector.close();
  }

  /**
   * What the drain did not finish: the requests still in flight when the stop phase began, and every request the
   * shutdown ended early (its client got an error), whenever that happened; empty once the shutdown drained
   * everything. Read after the service group returned, it matches what the clients saw: the stop phase may end a
   * request before this server's run loop looks at what is in flight, and such a request is still counted.
   */
  public Remaining remaining() {
    java.util.SortedMap<Long, String> all = new java.util.TreeMap<>(inFlight.inFlightOrCut());
    java.util.SortedMap<Long, String> atStop = leftAtStop;
    if (atStop != null) {
      atStop.forEach(all::putIfAbsent);
    }
    return new Remaining(List.copyOf(all.values()), atStop == null ? 0 : connectionsAtStop);
  }

  /**
   * Starts Jetty (the port is bound by {@link #open()}), prints {@code listening on <port>}, reports ready and serves
   * until {@code ctx} is done; then notes what is still in flight, cancels the request tasks, stops Jetty and waits
   * for the tasks to end.
   *
   * @throws Exception if Jetty fails to start or to stop
   */
  @Override
  public void run(Context ctx, Runnable ready) throws Exception {
    try (TaskGroup group = TaskGroup.builder().name("http-requests").open(ctx)) {
      requests = group;
      server.start();
      try {
        say("listening on " + connector.getLocalPort());
        ready.run();
        ctx.await();
      } catch (InterruptedException e) {
        // The context is done (the stop phase interrupts this thread): stop below.
      } finally {
        connectionsAtStop = connector.getConnectedEndPoints().size();
        leftAtStop = inFlight.inFlightOrCut();
        group.cancel();
        server.stop();
      }
    }
  }

  /**
   * Stops accepting (the listening socket is closed; connections get {@code Connection: close} on their next
   * response, idle ones are closed), then waits until every connection is closed and every request task has ended.
   *
   * @throws InterruptedException when the drain budget is spent (the group interrupts this thread)
   */
  @Override
  public void drain(Context ctx) throws Exception {
    draining = true;
    CompletableFuture<Void> closed = connector.shutdown();
    say("draining: stopped accepting; " + inFlight.size() + " request(s) in flight, "
        + connector.getConnectedEndPoints().size() + " connection(s) open");
    try {
      closed.get();
    } catch (ExecutionException e) {
      say("draining: " + e.getCause());
    }
    TaskGroup group = requests;
    if (group != null) {
      group.await();
    }
    say("drained: no request in flight, no connection open");
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }

  /**
   * What the drain left behind.
   *
   * @param requests the requests still in flight, oldest first, e.g. {@code "#1 GET /hold, running 1003 ms"}
   * @param connections the connections still open
   */
  public record Remaining(List<String> requests, int connections) {
    /** Copies {@code requests}. */
    public Remaining {
      requests = List.copyOf(requests);
    }

    /** Whether nothing was left. */
    public boolean clean() {
      return requests.isEmpty() && connections == 0;
    }

    /** One line, e.g. {@code 1 request(s) still in flight (#1 GET /hold, running 1003 ms), 1 connection(s) open}. */
    @Override
    public String toString() {
      return requests.size() + " request(s) still in flight"
          + (requests.isEmpty() ? "" : " (" + String.join("; ", requests) + ")")
          + ", " + connections + " connection(s) open";
    }
  }

  /** Serves {@code /metrics}, routes {@code /hello} and {@code /hold} to request tasks; 404 and 405 otherwise. */
  private final class Routes extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      if (path.equals("/metrics")) {
        metrics.refresh(); // the owner set of this very scrape
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        Content.Sink.write(response, true, registry.scrape(), callback);
        return true;
      }
      boolean hello = path.equals("/hello");
      if (!hello && !path.equals("/hold")) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        return true;
      }
      if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
        return true;
      }
      TaskGroup group = requests;
      InFlight.Entry entry = inFlight.add(request.getMethod() + " " + path);
      CancellableContext rc = group.context().withCancel();
      DisconnectWatch watch = null;
      // While draining, a request in flight has the drain budget: Jetty's shutdown idle timeout (meant for idle
      // connections) must not fail it. Otherwise the request idle timeout fails it (and cancels /hello).
      request.addIdleTimeoutListener(timeout -> !draining);
      if (hello) {
        request.addFailureListener(rc::cancel);
        if (request.getLength() <= 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
          watch = DisconnectWatch.start(request.getConnectionMetaData().getConnection().getEndPoint(), rc);
        }
      }
      say("request " + entry.id() + ": " + entry.what() + " started");
      Exchange x = new Exchange(entry, rc, watch, response, callback);
      try {
        group.go(c -> {
          if (hello) {
            x.hello();
          } else {
            x.hold();
          }
        });
      } catch (IllegalStateException closed) {
        x.end();
        Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
      }
      return true;
    }
  }

  /** One request being handled by a task. */
  private final class Exchange {
    private final InFlight.Entry entry;
    private final CancellableContext ctx;
    private final DisconnectWatch watch;
    private final Response response;
    private final Callback callback;

    Exchange(InFlight.Entry entry, CancellableContext ctx, DisconnectWatch watch, Response response,
        Callback callback) {
      this.entry = entry;
      this.ctx = ctx;
      this.watch = watch;
      this.response = response;
      this.callback = callback;
    }

    /** Works {@link #HELLO_TIME} on the request's context, then answers {@code hi}; stops when it is cancelled. */
    void hello() {
      String cancelledLine = null;
      try {
        boolean cancelled;
        try {
          cancelled = ctx.await(HELLO_TIME);
        } catch (InterruptedException e) {
          cancelled = true;
        }
        if (cancelled) {
          Object cause = ctx.cause() != null ? ctx.cause() : "interrupted";
          TaskGroup group = requests;
          if (group != null && group.context().isDone()) {
            inFlight.cut(entry); // the server is stopping: the client gets an error, not hi
          }
          helloCancelled.increment();
          cancelledLine = "request " + entry.id() + ": " + entry.what() + " cancelled after " + ms() + " ms: " + cause;
          stopWatch();
          callback.failed(new Abandoned("cancelled: " + cause));
          return;
        }
        answer("hi");
      } finally {
        end();
        if (cancelledLine != null) {
          say(cancelledLine); // after end(): once this line is out, the request no longer counts as in flight
        }
      }
    }

    /** Holds {@link #HOLD_TIME} on a plain sleep, ignoring its client: the misbehaving handler. */
    void hold() {
      try {
        Thread.sleep(HOLD_TIME);
        answer("held");
      } catch (InterruptedException e) {
        inFlight.cut(entry);
        say("request " + entry.id() + ": " + entry.what() + " interrupted after " + ms() + " ms");
        callback.failed(new Abandoned("interrupted: the server is stopping"));
      } finally {
        end();
      }
    }

    private void answer(String body) {
      stopWatch();
      if (watch != null && watch.pipelined()) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      // The drain set every connection's idle timeout to SHUTDOWN_IDLE_TIMEOUT, and this connection was quiet while
      // the handler worked: the next idle check would fail the write at once (the client still got the answer, the
      // log said "write failed: Idle timeout expired"). The write gets the request idle timeout back, as outside a
      // drain, and the drain's short one again once it is done.
      EndPoint endPoint = response.getRequest().getConnectionMetaData().getConnection().getEndPoint();
      boolean drainingNow = draining;
      if (drainingNow) {
        endPoint.setIdleTimeout(REQUEST_IDLE_TIMEOUT.toMillis());
      }
      Callback.Completable written = new Callback.Completable();
      Content.Sink.write(response, true, body, written);
      try {
        // Bounded by the request idle timeout: Jetty fails a write that makes no progress.
        written.get(REQUEST_IDLE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        if (drainingNow) {
          endPoint.setIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
        }
        callback.succeeded();
        say("request " + entry.id() + ": " + entry.what() + " answered " + body + " after " + ms() + " ms");
      } catch (InterruptedException | TimeoutException e) {
        callback.failed(e);
        say("request " + entry.id() + ": " + entry.what() + " write abandoned: " + e);
      } catch (ExecutionException e) {
        callback.failed(e.getCause());
        say("request " + entry.id() + ": " + entry.what() + " write failed: " + e.getCause());
      }
    }

    private void stopWatch() {
      if (watch != null) {
        watch.stop();
      }
    }

    /** Why a handler gave up its response; Jetty logs it quietly (the handler printed its own line). */
    private static final class Abandoned extends QuietException.Exception {
      private static final long serialVersionUID = 1L;

      Abandoned(String message) {
        super(message);
      }
    }

    void end() {
      stopWatch();
      ctx.close();
      inFlight.remove(entry);
    }

    private long ms() {
      return entry.running().toMillis();
    }
  }

  /**
   * Closes a connection whose request head is not complete {@link #READ_HEADER_TIMEOUT} after the connection opened
   * (its first request), or after the first bytes of a later request on a keep-alive connection arrived (bytes came in
   * while no request was being handled, and no new request started). A client that trickles a head one byte at a time
   * never lets the idle timeouts fire, and during a drain such a connection would hold the shutdown to the full
   * budget. The check runs every {@link #HEADER_CHECK} while the connection is open (on Jetty's scheduler).
   */
  private final class HeaderDeadline implements Connection.Listener {
    @Override
    public void onOpened(Connection connection) {
      connector.getScheduler().schedule(() -> {
        if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
          connection.getEndPoint().close(new TimeoutException("no request head within " + READ_HEADER_TIMEOUT));
        }
      }, READ_HEADER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      new LaterHeads(connection).schedule();
    }
  }

  /** How often a connection is checked for a later request head that is not complete. */
  static final Duration HEADER_CHECK = Duration.ofMillis(500);

  /** The per-request part of {@link HeaderDeadline}: one instance per connection, touched only by its check. */
  private final class LaterHeads implements Runnable {
    private final Connection connection;
    private long requests;
    private long bytesAtRest;
    private long partialSince;

    LaterHeads(Connection connection) {
      this.connection = connection;
    }

    void schedule() {
      connector.getScheduler().schedule(this, HEADER_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
      if (!connection.getEndPoint().isOpen()) {
        return;
      }
      long in = connection.getMessagesIn();
      long bytes = connection.getBytesIn();
      boolean busy = in != connection.getMessagesOut();
      if (in == 0 || busy || in != requests) {
        // the first head has its own deadline; a request being handled may receive anything
        requests = in;
        bytesAtRest = bytes;
        partialSince = 0;
      } else if (bytes > bytesAtRest) {
        long now = System.nanoTime();
        if (partialSince == 0) {
          partialSince = now;
        } else if (now - partialSince >= READ_HEADER_TIMEOUT.toNanos()) {
          connection.getEndPoint().close(new TimeoutException("request head not complete within "
              + READ_HEADER_TIMEOUT));
          return;
        }
      }
      schedule();
    }
  }
}
