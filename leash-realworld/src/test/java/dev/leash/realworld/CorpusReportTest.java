package dev.leash.realworld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The figures behind the acceptance tests: for every fixture-mode, each group leash triage (and leash prove, once it
 * exists) made, with its pattern, verdict, counts and whether it holds the injected leak's threads. Written to
 * {@code target/corpus/REPORT.md}. Its own checks are the report's invariants: the groups add up to the dump's threads
 * and every leak thread is in some group.
 */
@Timeout(120)
class CorpusReportTest {
  private static final List<String> LINES = new ArrayList<>();

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fixture.class)
  void healthy(Fixture fixture) throws Exception {
    report(Corpus.capture(fixture, false));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fixture.class)
  void leaky(Fixture fixture) throws Exception {
    report(Corpus.capture(fixture, true));
  }

  private static void report(Capture c) throws Exception {
    JsonNode triage = LeashReports.triage(c);
    Optional<JsonNode> prove = LeashReports.prove(c);
    JsonNode one = LeashReports.triageOne(c);
    int sum = Groups.all(triage).stream().mapToInt(g -> g.path("count").asInt()).sum();
    assertThat(sum).as("%s: group counts add up to the threads of the later dump", c.label())
        .isEqualTo(triage.path("threads").asInt());
    assertThat(Groups.all(triage).stream().flatMap(g -> Groups.threadIds(g).stream()).toList())
        .as("%s: every leak thread is in a group", c.label()).containsAll(c.leakAfter());
    List<String> out = new ArrayList<>();
    out.add("## " + c.label() + " (" + c.beforeDump().threads().size() + " -> " + c.afterDump().threads().size()
        + " threads, " + c.leakBefore().size() + " -> " + c.leakAfter().size() + " leak threads; run "
        + c.millis() + " ms, triage " + LeashReports.millis(c, "triage.json") + " ms, prove "
        + LeashReports.millis(c, "prove.json") + " ms)");
    out.add("triage: patterns " + triage.path("patterns") + (triage.has("verdicts") ? " verdicts "
        + triage.path("verdicts") : ""));
    table(out, triage, c.leakAfter());
    out.add("triage of the later dump alone: verdicts " + one.path("verdicts"));
    prove.ifPresent(p -> {
      out.add("prove: verdicts " + p.path("verdicts"));
      table(out, p, c.leakAfter());
    });
    out.add("");
    LINES.addAll(out);
    out.forEach(System.out::println);
  }

  private static void table(List<String> out, JsonNode report, Set<Long> leak) {
    out.add("| leak | pattern | verdict | evidence | count | counts | knownAs | state | top | first names |");
    out.add("|---|---|---|---|---|---|---|---|---|---|");
    for (JsonNode g : Groups.all(report)) {
      long held = Groups.threadIds(g).stream().filter(leak::contains).count();
      List<String> names = new ArrayList<>();
      g.path("threadNames").forEach(n -> {
        if (names.size() < 2) {
          names.add(n.asText());
        }
      });
      out.add("| " + (held > 0 ? "LEAK " + held : "") + " | " + g.path("pattern").asText() + " | "
          + g.path("verdict").asText("-") + " | " + g.path("evidence").asText("-") + " | " + g.path("count").asInt()
          + " | " + (g.has("counts") ? g.path("counts").toString() : "-") + " | " + g.path("knownAs").asText("-")
          + " | " + g.path("state").asText() + " | " + g.path("top").asText().replace("|", "/") + " | "
          + String.join(", ", names).replace("|", "/") + " |");
    }
  }

  @AfterAll
  static void write() throws IOException {
    Path file = Path.of("target", "corpus", "REPORT.md");
    Files.createDirectories(file.getParent());
    Files.write(file, LINES, StandardCharsets.UTF_8);
  }
}
