package dev.leash.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  @Test
  void everySeedTaskHasOneExampleWithAUniqueName() {
    List<Example> all = Examples.all();
    assertThat(all).extracting(Example::task).containsExactly(
        "1.1", "1.2", "1.3", "1.4", "1.5", "2", "2.1", "3.1", "3.2", "5", "6", "6.1", "7", "8", "8.1", "9",
        "E3", "E10", "E12", "E13", "E14", "E15");
    Set<String> names = all.stream().map(Example::name).collect(Collectors.toSet());
    assertThat(names).hasSize(all.size());
    assertThat(all).allSatisfy(e -> assertThat(e.description()).isNotBlank().doesNotContain("\n"));
    assertThat(Examples.find("pool")).isPresent();
    assertThat(Examples.find("nope")).isEmpty();
  }

  /** Servers run until a signal: GracefulHttpTest runs them in a child JVM. */
  private static final Set<String> SERVERS = Set.of("graceful-http");

  @Test
  void everyExampleRunsBothVersionsAndLeavesNoThread() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (Example e : Examples.all()) {
      if (SERVERS.contains(e.name())) {
        continue;
      }
      StringWriter sw = new StringWriter();
      e.runner().run(new PrintWriter(sw, true));
      assertThat(sw.toString()).as(e.name()).contains("== leaky:").contains("== leash:");
    }
    check.assertNone();
  }

  @Test
  void badArgumentsNameTheArgument() {
    Example pool = Examples.find("pool").orElseThrow();
    assertThatThrownBy(() -> pool.runner().run(new PrintWriter(new StringWriter()), "lots"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jobs must be a whole number, was 'lots'");
    assertThatThrownBy(() -> pool.runner().run(new PrintWriter(new StringWriter()), "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jobs must be at least 1, was 0");
  }
}
