package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: leash").contains("demo").contains("Exit codes");
  }

  @Test
  void versionNamesLeashAndTheJvm() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("leash ").contains("JVM: " + System.getProperty("java.version"));
  }

  @Test
  void anUnknownCommandIsOneLineAndExit2() {
    Run r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(2);
    assertThat(r.err()).startsWith("leash: ").contains("frobnicate").contains("--help");
  }

  @Test
  void anUnknownOptionIsOneLineAndExit2() {
    Run r = run("demo", "--bogus");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("leash: Unknown option: '--bogus'").contains("leash demo --help");
  }

  @Test
  void aBadValueIsOneLineAndExit2() {
    Run r = run("demo", "--tasks", "2");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("leash: --tasks must be at least 5, was 2");
  }

  @Test
  void theDemoEndsWithNoThreadLeft() {
    Run r = run("demo", "--tasks", "500");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("started 500 tasks").contains("no thread left behind");
  }
}
