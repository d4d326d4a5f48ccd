package dev.leash.examples.http;

import dev.leash.Context;
import dev.leash.ServiceGroup;
import dev.leash.ServiceGroupException;
import dev.leash.ShutdownReport;
import dev.leash.examples.ExampleFailure;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Seed 004 tasks 5 and 5.1, {@code graceful-http [--port N] [--drain DURATION] [--leaky]}: a Jetty server wired as
 * a component of a {@link ServiceGroup} and run with {@link ServiceGroup#runUntilSignal(Context)}. It prints
 * {@code listening on <port>}, serves until SIGTERM or SIGINT, then stops accepting and lets the requests in flight
 * finish within the drain budget. It returns normally when everything finished in time; otherwise it prints the
 * {@link ShutdownReport} and what remained, and throws {@link ExampleFailure} (exit code 1). With {@code --leaky}
 * it runs {@link LeakyHttpServer} instead, the way such servers are usually run.
 */
public final class GracefulHttp {
  /** The budget of the stop phase (cancel what the drain left, wait for it). */
  public static final Duration STOP_BUDGET = Duration.ofSeconds(3);

  private GracefulHttp() {}

  /**
   * Runs the server until SIGTERM or SIGINT and shuts it down gracefully.
   *
   * @param out where the server prints its events and the shutdown report
   * @param args {@code [--port N] [--drain DURATION] [--leaky]}
   * @throws IllegalArgumentException naming the option, for a bad argument
   * @throws ExampleFailure exit code 1: the port is in use, or the drain budget ran out (the message says what
   *     remained)
   * @throws InterruptedException if interrupted while the leaky version runs
   */
  public static void run(PrintWriter out, String... args) throws InterruptedException {
    HttpOptions options = HttpOptions.parse(args);
    if (options.leaky()) {
      runLeaky(out, options.port());
      return;
    }
    GracefulServer server = new GracefulServer(options.port(), out);
    server.open();
    ServiceGroup app = ServiceGroup.builder().name("graceful-http")
        .component("http", server)
        .drainBudget(options.drain())
        .stopBudget(STOP_BUDGET)
        .build();
    ShutdownReport report;
    try {
      report = app.runUntilSignal(Context.background());
    } catch (ServiceGroupException e) {
      server.close();
      throw new ExampleFailure("the server did not start: " + e.getCause(), 1);
    }
    out.print(report.text());
    GracefulServer.Remaining left = server.remaining();
    if (left.clean() && report.allStopped() && report.failures().isEmpty()) {
      out.println("shut down cleanly: every request finished within the drain budget of " + ms(options.drain()));
      out.flush();
      return;
    }
    String line = "not drained within " + ms(options.drain()) + ": " + left
        + (report.allStopped() ? "" : "; still running: " + report.stragglers());
    out.println(line);
    out.flush();
    throw new ExampleFailure(line, 1);
  }

  /**
   * The leaky version as such servers are usually run: started, then the main thread waits for ever; on SIGTERM the
   * JVM exits (status 143) after a shutdown hook calls {@code stop(0)}, cutting the requests in flight.
   */
  private static void runLeaky(PrintWriter out, int port) throws InterruptedException {
    LeakyHttpServer leaky;
    try {
      leaky = new LeakyHttpServer(port, GracefulServer.HELLO_TIME, line -> {
        out.println(line);
        out.flush();
      });
    } catch (java.io.IOException e) {
      throw new ExampleFailure("port " + port + " is in use or cannot be bound (" + e.getMessage() + ")", 1);
    }
    out.println("leaky: com.sun.net.httpserver on a fixed pool; kill it to see stop(0) cut the requests in flight");
    out.println("listening on " + leaky.port());
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      leaky.stop();
      out.println("leaky: shutdown hook ran stop(0): requests in flight were cut, the pool was never shut down");
      out.flush();
    }, "leaky-http-shutdown"));
    Thread.currentThread().join();
  }

  /**
   * Runs the example as a program (the integration tests start it this way): exit code 0 after a clean shutdown,
   * 1 for a port in use or a drain over budget, 2 for a bad argument; errors are one line on stderr.
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(exitCode(out, err, args));
  }

  static int exitCode(PrintWriter out, PrintWriter err, String... args) {
    try {
      run(out, args);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("graceful-http: " + e.getMessage());
      return 2;
    } catch (ExampleFailure e) {
      err.println("graceful-http: " + e.getMessage());
      return e.exitCode();
    } catch (InterruptedException e) {
      err.println("graceful-http: interrupted");
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static String ms(Duration d) {
    return d.toMillis() + " ms";
  }
}
