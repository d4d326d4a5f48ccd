package dev.leash.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@code fixture.Grower}; closing it closes its stdin and waits for it to exit. */
final class Child implements AutoCloseable {
  final Process process;
  private final BufferedReader out;
  private final PrintWriter in;

  Child(String javaHome, String mainClass) throws IOException {
    Path java = Path.of(javaHome, "bin", "java");
    process = new ProcessBuilder(List.of(java.toString(), "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), mainClass))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    expect("ready");
  }

  static Child grower() throws IOException {
    return new Child(System.getProperty("java.home"), "fixture.Grower");
  }

  long pid() {
    return process.pid();
  }

  /** Sends "grow n" and waits for the child to confirm the threads started. */
  void grow(int n) throws IOException {
    in.println("grow " + n);
    expect("grown " + n);
  }

  private void expect(String line) throws IOException {
    String got = out.readLine();
    if (!line.equals(got)) {
      throw new IllegalStateException("child said " + got + ", expected " + line);
    }
  }

  @Override
  public void close() throws InterruptedException {
    in.close();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
