package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServiceGroup#runUntilSignal} in a child JVM that receives a real SIGTERM ({@code Process.destroy()}). */
class ServiceGroupSignalTest {
  @TempDir
  Path tmp;

  record Run(int exit, String out, String err) {}

  private Run run(List<String> jvmArgs, String arg) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ServiceGroupMain.class.getName());
    cmd.add(arg);
    File err = tmp.resolve("err-" + arg + jvmArgs.size() + ".txt").toFile();
    Process p = new ProcessBuilder(cmd).redirectError(err).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("ready")) {
        out.append(line).append('\n');
      }
      assertThat(line).as("child printed ready; stderr: %s", Files.readString(err.toPath())).isEqualTo("ready");
      // SIGTERM on Linux. Process.destroy() sends it too but also closes our end of the pipes; the handle does not.
      assertThat(p.toHandle().destroy()).isTrue();
      while ((line = r.readLine()) != null) {
        out.append(line).append('\n');
      }
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), out.toString(), Files.readString(err.toPath()));
  }

  @Test
  void sigtermDrainsAndStopsEverythingAndExitsCleanly() throws Exception {
    Run r = run(List.of(), "clean");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("draining http", "REPORT",
        "service group demo: 3 of 3 started components stopped", "http", "db");
    assertThat(r.out()).doesNotContain("NOT STOPPED");
  }

  @Test
  void aComponentHoldingPastItsBudgetIsNamedAndTheProcessStillExits() throws Exception {
    long start = System.nanoTime();
    Run r = run(List.of(), "stuck");
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).contains("REPORT", "3 of 4 started components stopped", "stubborn", "NOT STOPPED",
        "thread \"demo/stubborn\"", "holdPastBudget");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
  }

  @Test
  void withTheShutdownHookFallbackTheJvmExitsWithTheSignalStatusAfterTheReport() throws Exception {
    Run r = run(List.of("-Dleash.signals=hook"), "stuck");
    assertThat(r.exit()).isEqualTo(143);
    assertThat(r.err()).contains("service group demo", "stubborn", "NOT STOPPED", "holdPastBudget");
  }
}
