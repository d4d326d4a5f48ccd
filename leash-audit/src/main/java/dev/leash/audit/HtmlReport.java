package dev.leash.audit;

import java.util.Locale;

/** One self-contained HTML page (inline CSS, no scripts, no external resources); every string is escaped. */
final class HtmlReport {
  private HtmlReport() {}

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String render(AuditReport r) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Leash audit</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;")
        .append("margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
        .append("th{background:#f3f3f3}.no{color:#b00;font-weight:bold}.yes{color:#070}.score{font-size:2em}")
        .append("code{background:#f6f6f6;padding:0 .2em}</style></head><body>\n");
    b.append("<h1>Leash audit</h1>\n<p class=\"score\">Score: ")
        .append(String.format(Locale.ROOT, "%.1f%%", r.score())).append("</p>\n<p>")
        .append(String.format(Locale.ROOT, "%,d files, %,d lines, %,d spawn sites, %,d findings, %,d unparsed, %,d ms",
            r.files(), r.lines(), r.spawnSites().size(), r.findings().size(), r.unparsed().size(), r.millis()))
        .append("</p>\n<p>The score is the share of spawn sites that have an owner, a stop signal and a wait point;"
            + " above 90% is healthy.</p>\n");
    b.append("<h2>Worst three</h2>\n<ol>\n");
    for (String w : TextReport.worstThree(r)) {
      b.append("<li><pre>").append(esc(w)).append("</pre></li>\n");
    }
    b.append("</ol>\n<h2>Spawn sites</h2>\n<table><tr><th>file:line</th><th>kind</th><th>owner</th><th>stop</th>")
        .append("<th>wait</th><th>advice</th></tr>\n");
    for (SpawnSite s : r.spawnSites()) {
      b.append("<tr><td><code>").append(esc(s.file())).append(':').append(s.line()).append("</code></td><td>")
          .append(s.kind().id()).append("</td>").append(cell(s.owner())).append(cell(s.stop()))
          .append(cell(s.waits())).append("<td>").append(esc(s.advice())).append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Findings</h2>\n<table><tr><th>rule</th><th>file:line</th><th>message</th></tr>\n");
    for (Finding f : r.findings()) {
      b.append("<tr><td>").append(esc(f.rule().id())).append("</td><td><code>").append(esc(f.file())).append(':')
          .append(f.line()).append("</code></td><td>").append(esc(f.message())).append("</td></tr>\n");
    }
    b.append("</table>\n");
    if (!r.unparsed().isEmpty()) {
      b.append("<h2>Unparsed files</h2>\n<ul>\n");
      r.unparsed().forEach(u -> b.append("<li><code>").append(esc(u)).append("</code></li>\n"));
      b.append("</ul>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private static String cell(boolean b) {
    return b ? "<td class=\"yes\">yes</td>" : "<td class=\"no\">no</td>";
  }
}
