package dev.leash.triage;

import static dev.leash.triage.DumpParserTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportsTest {
  @Test
  void jsonHasTheContractFields() throws IOException {
    TriageReport r = Triage.analyze(resource("jdk25-leaky.json"));
    StringWriter w = new StringWriter();
    Reports.json(r, w);
    Set<String> top = new HashSet<>();
    Set<String> group = new HashSet<>();
    int groups = 0;
    try (JsonParser p = new JsonFactory().createParser(w.toString())) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        top.add(f);
        JsonToken t = p.nextToken();
        if (f.equals("threads")) {
          assertThat(p.getIntValue()).isEqualTo(44);
        } else if (f.equals("groups")) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            groups++;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String g = p.currentName();
              group.add(g);
              JsonToken v = p.nextToken();
              if (g.equals("threadIds")) {
                assertThat(v).isEqualTo(JsonToken.START_ARRAY);
                JsonToken id;
                while ((id = p.nextToken()) != JsonToken.END_ARRAY) {
                  assertThat(id).isEqualTo(JsonToken.VALUE_NUMBER_INT);
                }
              } else {
                p.skipChildren();
              }
            }
          }
        } else if (t.isStructStart()) {
          p.skipChildren();
        }
      }
    }
    assertThat(top).contains("threads", "patterns", "groups");
    assertThat(group).contains("pattern", "count", "state", "top", "appFrame", "threadIds", "stack", "advice");
    assertThat(groups).isEqualTo(r.groups().size());
    assertThat(w.toString()).contains("\"orphaned-consumer\" : 9");
  }

  @Test
  void htmlEscapesEveryStringFromTheDump() throws IOException {
    TriageReport r = Triage.analyze(resource("jdk25-leaky.json"));
    StringWriter w = new StringWriter();
    Reports.html(r, w);
    String html = w.toString();
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("<details>").contains("Leaky.lambda$main$0(Leaky.java:9)");
    assertThat(html).doesNotContain("src=").doesNotContain("href=");
  }

  @Test
  void textHasASummaryLinePerVerdictAndPatternThenBlocks() throws IOException {
    TriageReport r = Triage.analyze(resource("jdk25-leaky.json"));
    StringWriter w = new StringWriter();
    Reports.text(r, w);
    String[] lines = w.toString().split("\\R");
    assertThat(lines[0]).startsWith("44 threads in");
    assertThat(lines[1]).contains("leaked").contains("2 threads"); // the deadlock: a lock cycle is proof
    assertThat(lines[2]).contains("suspect").contains("26 threads");
    assertThat(w.toString()).contains("patterns: orphaned-consumer 9,");
    assertThat(w.toString()).contains("[deadlock] 2 threads BLOCKED").contains("fix    lock cycle");
  }

  @Test
  void compactRenderingForAssertionMessages() throws IOException {
    TriageReport r = Triage.analyze(resource("jdk25-leaky.json"));
    String s = Reports.compact(r.leaks().subList(0, 2), 2);
    assertThat(s.lines().filter(l -> !l.startsWith(" ")).count()).isEqualTo(2);
    assertThat(s).contains(" x ").contains("    at ");
  }

  @Test
  void controlCharactersInNamesCannotForgeTextLines() {
    StackGroup g = new StackGroup(LeakPattern.UNKNOWN, 1, Thread.State.RUNNABLE, "x", null, java.util.List.of(1L),
        java.util.List.of("evil\n[deadlock] fake"), 0, java.util.List.of(), "a", "");
    assertThat(Reports.compact(java.util.List.of(g), 0)).doesNotContain("\n[deadlock]");
  }
}
