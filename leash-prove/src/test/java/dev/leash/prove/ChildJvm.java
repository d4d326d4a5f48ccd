package dev.leash.prove;

import dev.leash.triage.SnapshotThread;
import dev.leash.triage.ThreadSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A child JVM running a fixture from the test class path; closing it closes its stdin (it exits) and waits. */
final class ChildJvm implements AutoCloseable {
  private final Process process;

  private ChildJvm(Process process) {
    this.process = process;
  }

  /** Starts {@code mainClass} and returns once it printed "ready". */
  static ChildJvm start(Class<?> mainClass) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), mainClass.getName()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    ChildJvm child = new ChildJvm(p);
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (!"ready".equals(line)) {
      child.close();
      throw new IllegalStateException(mainClass.getSimpleName() + " did not get ready: " + line);
    }
    return child;
  }

  /**
   * A JSON thread dump taken once no thread named with one of {@code prefixes} is still RUNNABLE: a thread that
   * counted down its start latch may not have parked yet, and there is no event for "parked", so the dump is
   * repeated (at most 100 times, 20 ms apart).
   */
  ThreadSnapshot waitingDump(Path dir, List<String> prefixes) throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      Path f = dir.resolve("threads-" + attempt + ".json");
      jcmd("Thread.dump_to_file", "-format=json", f.toString());
      ThreadSnapshot s = ThreadSnapshot.read(f);
      boolean settled = true;
      for (SnapshotThread t : s.threads()) {
        if (prefixes.stream().anyMatch(t.name()::startsWith) && t.state() == Thread.State.RUNNABLE) {
          settled = false;
        }
      }
      if (settled || attempt == 100) {
        return s;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling another process's thread states
    }
  }

  String jcmd(String... args) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd failed: " + out);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
