package dev.leash.realworld;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reading the groups of a triage or prove JSON report (the contract in shared/DESIGN.md). */
final class Groups {
  /** The verdicts a healthy service must never get. */
  static final Set<String> ALARMS = Set.of("leaked", "growing", "suspect");

  private Groups() {}

  /** True when the report carries issue 14's verdicts (the top-level {@code verdicts} and a {@code verdict} per group). */
  static boolean hasVerdicts(JsonNode report) {
    return report.has("verdicts") && report.path("groups").size() > 0
        && report.path("groups").get(0).has("verdict");
  }

  static List<JsonNode> all(JsonNode report) {
    List<JsonNode> out = new ArrayList<>();
    report.path("groups").forEach(out::add);
    return out;
  }

  static Set<Long> threadIds(JsonNode group) {
    Set<Long> ids = new HashSet<>();
    group.path("threadIds").forEach(id -> ids.add(id.asLong()));
    return ids;
  }

  /** The groups holding at least one of {@code tids}. */
  static List<JsonNode> holding(JsonNode report, Set<Long> tids) {
    return all(report).stream().filter(g -> threadIds(g).stream().anyMatch(tids::contains)).toList();
  }

  /** One line for a failure message: verdict, pattern, count(s), top frame and a few names. */
  static String describe(JsonNode g) {
    List<String> names = new ArrayList<>();
    g.path("threadNames").forEach(n -> {
      if (names.size() < 3) {
        names.add(n.asText());
      }
    });
    return g.path("verdict").asText("?") + " " + g.path("pattern").asText("?") + " count=" + g.path("count").asText()
        + " counts=" + g.path("counts") + " knownAs=" + g.path("knownAs").asText("null") + " top="
        + g.path("top").asText() + " app=" + g.path("appFrame").asText() + " names=" + names;
  }
}
