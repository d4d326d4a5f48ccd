package dev.leash.realworld;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixture service running in a child JVM that this object owns: {@link #close()} ends it (SIGTERM, then SIGKILL
 * after 10 s) and is safe to call twice. The child also ends by itself after its maximum lifetime, so a test JVM killed
 * mid-run leaves nothing behind for long. All traffic is HTTP over 127.0.0.1 on plain sockets (no client threads in
 * the test JVM); every wait has a timeout.
 */
final class ChildService implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("ready pid=(\\d+) port=(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final long MAX_LIFETIME_SECONDS = 120;

  private final Process process;
  private final Path stdout;
  private final int port;

  private ChildService(Process process, Path stdout, int port) {
    this.process = process;
    this.stdout = stdout;
    this.port = port;
  }

  /** Starts {@code Fixtures NAME MODE} and returns once it printed its ready line. */
  static ChildService start(String name, String mode, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // Serial GC and C1 only: a smaller, faster child on a shared 2-core box; neither changes the Java threads dumped.
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), "dev.leash.realworld.fixtures.Fixtures", name, mode,
        Long.toString(MAX_LIFETIME_SECONDS)));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    ChildService child = null;
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (true) {
        Matcher m = READY.matcher(Files.readString(out));
        if (m.find()) {
          child = new ChildService(p, out, Integer.parseInt(m.group(2)));
          return child;
        }
        if (!p.isAlive()) {
          throw new IllegalStateException(name + " " + mode + " exited with " + p.exitValue() + " before it was ready; see "
              + err);
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(name + " " + mode + " not ready in " + START_TIMEOUT + "; see " + err);
        }
        // Another process writes the file: there is nothing in this JVM to wait on, so look again shortly.
        p.waitFor(50, TimeUnit.MILLISECONDS);
      }
    } finally {
      if (child == null) {
        destroy(p);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  /** Sends {@code n} sequential GET requests and fails unless each answered 200. */
  void load(int n, String tag) throws IOException {
    for (int i = 0; i < n; i++) {
      int status = get("/" + tag + "/" + i);
      if (status != 200) {
        throw new IOException("GET /" + tag + "/" + i + " answered " + status + " (" + stdout.getParent() + ")");
      }
    }
  }

  int get(String path) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      s.setSoTimeout(15_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      String[] statusLine = response.split("\r\n", 2)[0].split(" ");
      return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    }
  }

  /** {@code jcmd PID Thread.dump_to_file -format=json FILE}. */
  void dumpThreads(Path file) throws IOException, InterruptedException {
    Files.deleteIfExists(file);
    jcmd("Thread.dump_to_file", "-format=json", file.toAbsolutePath().toString());
    if (!Files.isRegularFile(file)) {
      throw new IOException("jcmd wrote no thread dump to " + file);
    }
  }

  /**
   * A JSON thread dump and then a heap dump (live objects only, as jcmd does by default), from one jcmd run:
   * {@code jcmd PID -f COMMANDS} with {@code Thread.dump_to_file -format=json THREADS} and {@code GC.heap_dump HEAP}.
   */
  void dumpThreadsAndHeap(Path threads, Path heap) throws IOException, InterruptedException {
    Files.deleteIfExists(threads);
    Files.deleteIfExists(heap);
    Path commands = stdout.resolveSibling("jcmd-commands.txt");
    Files.write(commands, List.of("Thread.dump_to_file -format=json " + threads.toAbsolutePath(),
        "GC.heap_dump " + heap.toAbsolutePath()), StandardCharsets.UTF_8);
    jcmd("-f", commands.toAbsolutePath().toString());
    if (!Files.isRegularFile(threads) || !Files.isRegularFile(heap)) {
      throw new IOException("jcmd wrote no " + (Files.isRegularFile(threads) ? heap : threads));
    }
  }

  private void jcmd(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", Long.toString(pid())));
    cmd.addAll(List.of(args));
    Path log = stdout.resolveSibling("jcmd.txt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
        log.toFile())).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IOException("jcmd " + String.join(" ", args) + " did not finish in 60 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException("jcmd " + String.join(" ", args) + " exited " + p.exitValue() + "; see " + log);
      }
    } finally {
      destroy(p);
    }
  }

  /** Ends the child; if interrupted meanwhile, kills it at once and keeps the interrupt. */
  @Override
  public void close() {
    try {
      destroy(process);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void destroy(Process p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
