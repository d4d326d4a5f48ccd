package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.examples.Example;
import dev.leash.examples.Examples;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ExampleCommandTest {

  @Test
  void withoutANameListsEveryExampleOnOneLine() {
    MainTest.Run r = MainTest.run("example");
    assertThat(r.exit()).isZero();
    for (Example e : Examples.all()) {
      assertThat(r.out()).containsOnlyOnce("  " + e.name() + " ");
      assertThat(r.out().lines().filter(l -> l.contains(e.description()))).hasSize(1);
    }
    assertThat(r.err()).isEmpty();
  }

  @Test
  void runsOneByName() {
    MainTest.Run r = MainTest.run("example", "first-result", "x", "y", "z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("== leaky:").contains("2 of 3 sender threads still blocked")
        .contains("== leash:").contains("0 tasks of group 'first' alive");
  }

  @Test
  void anUnknownNamePrintsTheListAndExits2() {
    MainTest.Run r = MainTest.run("example", "no-such-example");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("leash: unknown example 'no-such-example'").contains("first-result")
        .contains("cpu-cancel");
  }

  @Test
  void aBadArgumentIsOneLineNamingItAndExit2() {
    MainTest.Run r = MainTest.run("example", "pool", "lots");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("leash: pool: jobs must be a whole number, was 'lots'");
  }

  @Test
  void optionsAfterTheNameGoToTheExample() {
    MainTest.Run r = MainTest.run("example", "graceful-http", "--bogus");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("leash: graceful-http: unknown option '--bogus' (options: --port N, --drain DURATION, --leaky)");
  }

  @Test
  void aBadDurationNamesTheOptionAndExits2() {
    MainTest.Run r = MainTest.run("example", "graceful-http", "--port", "0", "--drain", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("leash: graceful-http: --drain must be a duration such as 30s, 500ms or 2m, was 'soon'");
  }

  @Test
  void anExampleFailureIsOneLineWithItsExitCode() throws Exception {
    try (ServerSocket busy = new ServerSocket(0)) {
      MainTest.Run r = MainTest.run("example", "graceful-http", "--port", String.valueOf(busy.getLocalPort()));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.err()).startsWith("leash: graceful-http: port " + busy.getLocalPort() + " is in use");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void theHelpListsTheCommand() {
    assertThat(MainTest.run("--help").out()).contains("example");
  }
}
