package dev.leash.triage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running a test fixture program, with jcmd dumps of it. Closing it ends the child and waits. */
final class ChildJvm implements AutoCloseable {
  private final Process process;

  private ChildJvm(Process process) {
    this.process = process;
  }

  /** Starts {@code mainClass} from the test classpath and returns once it printed "ready". */
  static ChildJvm start(Class<?> mainClass) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), mainClass.getName()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    ChildJvm child = new ChildJvm(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until the child is ready or dies
    if (!"ready".equals(line)) {
      child.close();
      throw new IllegalStateException(mainClass.getSimpleName() + " did not get ready: " + line);
    }
    return child;
  }

  long pid() {
    return process.pid();
  }

  /** A JSON dump via jcmd Thread.dump_to_file, parsed. */
  ThreadSnapshot jsonDump(Path dir, String name) throws IOException, InterruptedException {
    Path f = dir.resolve(name + ".json");
    jcmd("Thread.dump_to_file", "-format=json", f.toString());
    return ThreadSnapshot.read(f);
  }

  /** A text dump via jcmd Thread.print -l, parsed. */
  ThreadSnapshot textDump(Path dir, String name) throws IOException, InterruptedException {
    Path f = dir.resolve(name + ".txt");
    Files.writeString(f, jcmd("Thread.print", "-l"));
    return ThreadSnapshot.read(f);
  }

  String jcmd(String... args) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> cmd = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid())));
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
