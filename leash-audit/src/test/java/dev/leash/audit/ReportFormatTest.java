package dev.leash.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFormatTest {
  @TempDir Path dir;

  private AuditReport sample() {
    return Sources.scan(dir, "src/com/acme/Feed.java", """
        package com.acme;
        import java.util.concurrent.*;
        class Feed {
          final ExecutorService pool = Executors.newFixedThreadPool(2);
          void f() { try { Thread.sleep(1); } catch (InterruptedException e) { } }
          String s = "<script>alert('x')</script>";
        }
        """, "src/Bad.java", "class Bad { <script> ");
  }

  /** Field names in document order, with their depth, read with a streaming parser (fails on malformed JSON). */
  private static List<String> fields(String json) throws Exception {
    List<String> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      int depth = 0;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        } else if (t == JsonToken.FIELD_NAME) {
          out.add(depth + ":" + p.currentName());
        }
      }
    }
    return out;
  }

  @Test
  void jsonFollowsTheContract() throws Exception {
    String json = ReportFormat.JSON.render(sample());
    assertThat(fields(json)).contains("1:files", "1:lines", "1:score", "1:unparsed", "1:spawnSites", "1:findings",
        "3:file", "3:line", "3:kind", "3:owner", "3:stop", "3:wait", "3:advice", "3:rule", "3:message");
    assertThat(json).contains("\"files\": 2", "\"unparsed\": [\"src/Bad.java\"]",
        "\"file\": \"src/com/acme/Feed.java\", \"line\": 4, \"kind\": \"executor\", \"owner\": true,"
            + " \"stop\": false, \"wait\": false",
        "\"rule\": \"idle-executor\"", "\"rule\": \"swallowed-interrupt\"", "\"score\": 0.0");
  }

  @Test
  void sarifHasRulesRelativeUrisAndRegions() throws Exception {
    String sarif = ReportFormat.SARIF.render(sample());
    assertThat(fields(sarif)).contains("1:version", "1:$schema", "3:tool");
    assertThat(sarif).contains("\"version\": \"2.1.0\"", "\"id\": \"busy-spin\"", "\"shortDescription\"",
        "\"fullDescription\"", "\"help\"", "\"uri\": \"src/com/acme/Feed.java\", \"uriBaseId\": \"%SRCROOT%\"",
        "\"region\": { \"startLine\": 5 }", "\"ruleId\": \"swallowed-interrupt\"");
    assertThat(sarif).doesNotContain(dir.toString());
    for (Rule r : Rule.values()) {
      assertThat(sarif).contains("\"id\": \"" + r.id() + "\"");
    }
  }

  @Test
  void sarifRuleIndexPointsAtTheRule() {
    String sarif = ReportFormat.SARIF.render(sample());
    assertThat(sarif).contains("\"ruleId\": \"swallowed-interrupt\", \"ruleIndex\": "
        + Rule.SWALLOWED_INTERRUPT.ordinal());
  }

  @Test
  void htmlIsSelfContainedAndEscaped() {
    AuditReport r = new AuditReport(1, 1, List.of("<img src=x onerror=alert(1)>.java"),
        List.of(new SpawnSite("a&b.java", 1, SpawnKind.THREAD, false, false, false, "<b>advice</b>")),
        List.of(new Finding(Rule.BUSY_SPIN, "\"q\".java", 2, "<script>")), 5);
    String html = ReportFormat.HTML.render(r);
    assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script>", "<img", "<b>advice")
        .doesNotContain("src=\"http", "<link", "<script src")
        .contains("&lt;script&gt;", "a&amp;b.java", "&quot;q&quot;.java");
  }

  @Test
  void textShowsScoreSitesFindingsAndWorstThree() {
    String text = ReportFormat.TEXT.render(sample());
    assertThat(text).contains("Score: 0.0%", "src/com/acme/Feed.java:4", "owner=yes stop=NO wait=NO",
        "idle-executor (1)", "swallowed-interrupt (1)", "Worst 3, fix these first:", "suggested fix:",
        "Unparsed: 1 file(s)", "src/Bad.java");
  }

  @Test
  void formatNamesParseCaseInsensitively() {
    assertThat(ReportFormat.parse("Sarif")).isEqualTo(ReportFormat.SARIF);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportFormat.parse("xml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text, json, sarif or html");
  }
}
