package dev.leash.examples.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code graceful-http} in a child JVM (same java binary, the test class path): its stdout lines arrive in a queue the
 * test waits on. {@link #close()} kills it forcibly if it is still alive and joins the reader threads.
 */
final class HttpChild implements AutoCloseable {
  final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();
  private final Thread outReader;
  private final Thread errReader;

  private HttpChild(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        GracefulHttp.class.getName()));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).start();
    outReader = reader("out", process.getInputStream(), out, true);
    errReader = reader("err", process.getErrorStream(), err, false);
  }

  /** Starts {@code graceful-http args} in a child JVM. */
  static HttpChild start(String... args) throws IOException {
    return new HttpChild(args);
  }

  /** Starts it with {@code --port 0 args} and waits for {@code listening on N}; returns N. */
  static HttpChild listening(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--port", "0"));
    all.addAll(List.of(args));
    return start(all.toArray(String[]::new));
  }

  int awaitPort() throws InterruptedException {
    return Integer.parseInt(awaitLine("listening on ", Duration.ofSeconds(20)).substring("listening on ".length()));
  }

  /** Waits for the next stdout line containing {@code text}, skipping others; fails after {@code timeout}. */
  String awaitLine(String text, Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    for (;;) {
      String line = lines.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no line containing '" + text + "' within " + timeout + "; stdout:\n" + out
            + "stderr:\n" + err);
      }
      if (line.contains(text)) {
        return line;
      }
    }
  }

  /** Waits for the process to exit and returns its exit code; fails after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + "; stdout:\n" + out + "stderr:\n" + err);
    }
    outReader.join(5000);
    errReader.join(5000);
    return process.exitValue();
  }

  /**
   * Sends SIGTERM (on Linux). Through the handle, not {@code Process.destroy()}, which also closes the pipes the
   * readers still need.
   */
  void sigterm() {
    if (!process.toHandle().destroy()) {
      throw new AssertionError("could not signal the child; stdout:\n" + out + "stderr:\n" + err);
    }
  }

  /** Everything the child printed on stdout so far. */
  String out() {
    return out.toString();
  }

  /** Everything the child printed on stderr so far. */
  String err() {
    return err.toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    process.waitFor(20, TimeUnit.SECONDS);
    outReader.join(5000);
    errReader.join(5000);
  }

  private Thread reader(String name, InputStream in, StringBuffer sink, boolean queue) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          sink.append(line).append('\n');
          if (queue) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        sink.append("[reader: ").append(e).append("]\n");
      }
    }, "http-child-" + name + "-" + process.pid());
    t.start();
    return t;
  }
}
