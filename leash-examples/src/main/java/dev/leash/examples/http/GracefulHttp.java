package dev.leash.examples.http;

import dev.leash.Context;
import dev.leash.ServiceGroup;
import dev.leash.ServiceGroupException;
import dev.leash.ShutdownReport;
import dev.leash.examples.ExampleFailure;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Seed 004 tasks 5 and 5.1, {@code graceful-http [--port N] [--drain DURATION]}: a Jetty server wired as a component
 * of a {@link ServiceGroup} and run with {@link ServiceGroup#runUntilSignal(Context)}. It prints
 * {@code listening on <port>}, serves until SIGTERM or SIGINT, then stops accepting and lets the requests in flight
 * finish within the drain budget. It returns normally when everything finished in time; otherwise it prints the
 * {@link ShutdownReport} and what remained, and throws {@link ExampleFailure} (exit code 1).
 */
public final class GracefulHttp {
  /** The budget of the stop phase (cancel what the drain left, wait for it). */
  public static final Duration STOP_BUDGET = Duration.ofSeconds(3);

  private GracefulHttp() {}

  /**
   * Runs the server until SIGTERM or SIGINT and shuts it down gracefully.
   *
   * @param out where the server prints its events and the shutdown report
   * @param args {@code [--port N] [--drain DURATION]}
   * @throws IllegalArgumentException naming the option, for a bad argument
   * @throws ExampleFailure exit code 1: the port is in use, or the drain budget ran out (the message says what
   *     remained)
   */
  public static void run(PrintWriter out, String... args) {
    HttpOptions options = HttpOptions.parse(args);
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
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static String ms(Duration d) {
    return d.toMillis() + " ms";
  }
}
