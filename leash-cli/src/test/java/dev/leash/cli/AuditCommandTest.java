package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private void leakySource() throws Exception {
    Files.writeString(dir.resolve("Leaky.java"), """
        class Leaky {
          void go() { new Thread(() -> { while (true) { } }).start(); }
          void ok() { try (var p = java.util.concurrent.Executors.newFixedThreadPool(1)) { } }
        }
        """);
  }

  @Test
  void textReportAndExitZero() throws Exception {
    leakySource();
    assertThat(run("audit", dir.toString())).isZero();
    assertThat(out.toString()).contains("Score: 50.0%", "Leaky.java:2");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void failUnderExitsOneBelowTheScore() throws Exception {
    leakySource();
    assertThat(run("audit", dir.toString(), "--fail-under", "80")).isEqualTo(1);
    assertThat(err.toString()).contains("score 50.0 is below --fail-under 80.0");
    assertThat(run("audit", dir.toString(), "--fail-under", "50")).isZero();
  }

  @Test
  void jsonToAFile() throws Exception {
    leakySource();
    Path report = dir.resolve("out/report.json");
    Files.createDirectories(report.getParent());
    assertThat(run("audit", dir.toString(), "--format", "json", "-o", report.toString())).isZero();
    assertThat(Files.readString(report)).contains("\"score\": 50.0", "\"file\": \"Leaky.java\"");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badInputGetsOneLineAndExitTwo() throws Exception {
    assertThat(run("audit", dir.resolve("missing").toString())).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("leash: no such directory").doesNotContain("\n");

    Path file = Files.writeString(dir.resolve("A.java"), "class A {}");
    err.getBuffer().setLength(0);
    assertThat(run("audit", file.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("leash: not a directory").doesNotContain("\n");

    Path empty = Files.createDirectory(dir.resolve("empty"));
    err.getBuffer().setLength(0);
    assertThat(run("audit", empty.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("leash: nothing to scan").doesNotContain("\n");

    Path bad = Files.createDirectory(dir.resolve("bad"));
    Files.writeString(bad.resolve("B.java"), "class B {");
    err.getBuffer().setLength(0);
    assertThat(run("audit", bad.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("leash: nothing could be scanned").doesNotContain("\n");

    err.getBuffer().setLength(0);
    assertThat(run("audit", dir.toString(), "--format", "xml")).isEqualTo(2);
    assertThat(err.toString().strip()).contains("unknown format 'xml'").doesNotContain("\n");
  }

  @Test
  void noProgressBarWhenNotATerminal() throws Exception {
    leakySource();
    run("audit", dir.toString());
    assertThat(err.toString()).doesNotContain("[#");
  }

  @Test
  void helpPrintsNoPicocliWarning() throws Exception {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(run("audit", "--help")).isZero();
    } finally {
      System.setErr(saved);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("WARN");
    assertThat(err.toString()).doesNotContain("WARN");
    assertThat(out.toString()).contains("above 90% is healthy");
  }

  @Test
  void aSymbolicLinkToTheSourceDirectoryIsFollowed() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Files.writeString(real.resolve("Leaky.java"), """
        class Leaky { void go() { new Thread(() -> { }).start(); } }
        """);
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertThat(run("audit", link.toString())).isZero();
    assertThat(out.toString()).contains("Leaky.java:1");
  }
}
