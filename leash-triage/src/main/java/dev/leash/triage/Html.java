package dev.leash.triage;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** The HTML page of a report. */
final class Html {
  private Html() {}

  private static final String CSS = """
      body{font-family:system-ui,sans-serif;margin:2em;color:#222}
      h1{font-size:1.4em} table{border-collapse:collapse;margin:1em 0}
      td,th{border:1px solid #ccc;padding:.3em .8em;text-align:left}
      section{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:.8em 0}
      .leak{border-left:6px solid #c0392b} .unknown{border-left:6px solid #e6a700} .jvm{border-left:6px solid #999}
      code,pre{font-family:ui-monospace,monospace;font-size:.9em} pre{margin:.3em 0;white-space:pre-wrap}
      .pattern{font-weight:bold} .muted{color:#666}
      """;

  static void write(TriageReport r, Writer out) throws IOException {
    out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    out.write("<title>Leash triage: " + e(r.source()) + "</title><style>" + CSS + "</style></head><body>\n");
    out.write("<h1>Leash triage: " + e(r.source()) + "</h1>\n");
    out.write("<p>" + r.threads() + " threads in " + r.groups().size() + " groups"
        + (r.truncated() ? " <strong>(truncated dump: this covers what was read)</strong>" : "") + "</p>\n");
    out.write("<table><tr><th>verdict</th><th>threads</th></tr>\n");
    for (Map.Entry<String, Integer> en : r.verdicts().entrySet()) {
      out.write("<tr><td>" + e(en.getKey()) + "</td><td>" + en.getValue() + "</td></tr>\n");
    }
    out.write("</table>\n");
    out.write("<table><tr><th>pattern</th><th>threads</th></tr>\n");
    for (Map.Entry<String, Integer> en : r.patterns().entrySet()) {
      out.write("<tr><td>" + e(en.getKey()) + "</td><td>" + en.getValue() + "</td></tr>\n");
    }
    out.write("</table>\n");
    for (StackGroup g : r.groups()) {
      String cls = g.pattern().isLeak() ? "leak" : g.pattern().id();
      out.write("<section class=\"" + cls + "\">\n<div><strong>" + e(g.verdict().id()) + "</strong> ("
          + e(g.evidence().id()) + ")" + (g.knownAs() == null ? "" : ", known as " + e(g.knownAs()))
          + (g.counts().size() > 1 ? ", family " + g.counts() : "") + "</div>\n<div><span class=\"pattern\">"
          + e(g.pattern().id())
          + "</span> " + g.count() + " thread" + (g.count() == 1 ? "" : "s") + " " + g.state()
          + (g.virtualCount() > 0 ? " (" + g.virtualCount() + " virtual)" : "") + "</div>\n");
      if (g.appFrame() != null) {
        out.write("<div>at <code>" + e(g.appFrame()) + "</code></div>\n");
      }
      if (!g.top().isEmpty()) {
        out.write("<div>in <code>" + e(g.top()) + "</code></div>\n");
      }
      out.write("<div class=\"muted\">threads: " + e(String.join(", ", g.threadNames()))
          + (g.count() > g.threadNames().size() ? " … (" + (g.count() - g.threadNames().size()) + " more)" : "")
          + "</div>\n");
      if (!g.lockChain().isEmpty()) {
        out.write("<div>lock: <code>" + e(g.lockChain()) + "</code></div>\n");
      }
      if (!g.retainedBy().isEmpty()) {
        out.write("<div>held by: <code>" + e(String.join(" → ", g.retainedBy())) + "</code></div>\n");
      }
      if (g.pattern() != LeakPattern.JVM) {
        out.write("<div>fix: " + e(g.advice()) + "</div>\n");
      }
      out.write("<details><summary>stack (" + g.stack().size() + " frames)</summary><pre>");
      for (String f : g.stack()) {
        out.write(e(f) + "\n");
      }
      out.write("</pre></details>\n</section>\n");
    }
    out.write("</body></html>\n");
  }

  private static String e(String s) {
    return Reports.escapeHtml(s);
  }
}
