package dev.leash.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders triage reports and diffs as text (for a terminal), JSON (the contract of {@code leash triage --format
 * json}) and HTML (one self-contained file; every string from the dump is escaped). Writers are not closed.
 */
public final class Reports {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final int TEXT_FRAMES = 8;

  private Reports() {}

  /**
   * Text: a summary line per pattern, then one block per group (pattern, count, state, application frame, blocking
   * call, threads, lock chain, advice, top frames).
   *
   * @throws IOException if writing fails
   */
  public static void text(TriageReport r, Writer out) throws IOException {
    Objects.requireNonNull(r, "report");
    String nl = System.lineSeparator();
    out.write(String.format("%,d threads in %,d groups from %s%s%s%s%n", r.threads(), r.groups().size(),
        oneLine(r.source()), r.snapshots() > 1 ? " (compared with an earlier snapshot)" : "",
        r.heapSource() == null ? "" : " (heap proof: " + oneLine(r.heapSource()) + ")",
        r.truncated() ? " (TRUNCATED: the dump ended early, this covers what was read)" : ""));
    for (Map.Entry<String, Integer> e : r.verdicts().entrySet()) {
      long groups = r.groups().stream().filter(g -> g.verdict().id().equals(e.getKey())).count();
      if (e.getValue() > 0) {
        out.write(String.format("  %-20s %,7d %s in %,d %s%n", e.getKey(), e.getValue(),
            e.getValue() == 1 ? "thread " : "threads", groups, groups == 1 ? "group" : "groups"));
      }
    }
    StringBuilder pats = new StringBuilder("  patterns:");
    for (Map.Entry<String, Integer> e : r.patterns().entrySet()) {
      pats.append(' ').append(e.getKey()).append(' ').append(String.format("%,d", e.getValue())).append(',');
    }
    pats.setLength(pats.length() - 1);
    out.write(pats + nl);
    boolean healthyHeader = false;
    for (StackGroup g : r.groups()) {
      if (g.verdict() == Verdict.HEALTHY || g.verdict() == Verdict.JVM) {
        if (!healthyHeader) {
          out.write(nl + "healthy and jvm groups:" + nl);
          healthyHeader = true;
        }
        out.write("  " + headline(g) + (g.appFrame() == null ? "" : " at " + oneLine(g.appFrame()))
            + (g.top().isEmpty() ? "" : " in " + oneLine(g.top())) + ": " + names(g) + nl);
        continue;
      }
      out.write(nl);
      block(g, out, TEXT_FRAMES);
    }
  }

  /** {@code suspect (shape) [idle-executor] 3 threads WAITING (1 virtual) 1 -> 3, known as tomcat worker}. */
  private static String headline(StackGroup g) {
    StringBuilder sb = new StringBuilder();
    sb.append(g.verdict().id()).append(" (").append(g.evidence().id()).append(") [").append(g.pattern().id())
        .append("] ").append(g.count()).append(g.count() == 1 ? " thread " : " threads ").append(g.state());
    if (g.virtualCount() > 0) {
      sb.append(" (").append(g.virtualCount()).append(" virtual)");
    }
    if (g.counts().size() > 1) {
      sb.append(", family ").append(g.counts().get(0)).append(" -> ").append(g.counts().get(g.counts().size() - 1));
    }
    if (g.knownAs() != null) {
      sb.append(", known as ").append(oneLine(g.knownAs()));
    }
    return sb.toString();
  }

  private static void block(StackGroup g, Writer out, int frames) throws IOException {
    String nl = System.lineSeparator();
    out.write(headline(g) + nl);
    if (g.appFrame() != null) {
      out.write("  at     " + oneLine(g.appFrame()) + nl);
    }
    if (!g.top().isEmpty()) {
      out.write("  in     " + oneLine(g.top()) + nl);
    }
    out.write("  names  " + names(g) + nl);
    if (g.spawnSite() != null) {
      out.write("  spawn  " + oneLine(g.spawnSite()) + nl);
    }
    if (!g.lockChain().isEmpty()) {
      out.write("  lock   " + oneLine(g.lockChain()) + nl);
    }
    if (!g.retainedBy().isEmpty()) {
      out.write("  held   still reachable, so not proven leaked; the path that keeps its way out alive:" + nl);
      for (String step : g.retainedBy()) {
        out.write("           " + oneLine(step) + nl);
      }
    }
    if (g.pattern() != LeakPattern.JVM) {
      out.write("  fix    " + g.advice() + nl);
    }
    int n = Math.min(frames, g.stack().size());
    for (int i = 0; i < n; i++) {
      out.write("    " + oneLine(g.stack().get(i)) + nl);
    }
    if (g.stack().size() > n) {
      out.write("    ... " + (g.stack().size() - n) + " more" + nl);
    }
  }

  private static String names(StackGroup g) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < g.threadNames().size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      String n = g.threadNames().get(i);
      sb.append(n.isEmpty() ? "#" + g.threadIds().get(i) : oneLine(n));
    }
    if (g.count() > g.threadNames().size()) {
      sb.append(", ... (").append(g.count() - g.threadNames().size()).append(" more)");
    }
    return sb.toString();
  }

  /** Dump strings go through {@link Untrusted}, so a thread name cannot forge report lines. */
  private static String oneLine(String s) {
    return Untrusted.text(s);
  }

  /**
   * A compact rendering of groups for an {@code AssertionError} message: one header line per group (count, pattern,
   * state, application frame, blocking call, first names) and its first {@code frames} frames.
   *
   * @throws NullPointerException if groups is null
   * @throws IllegalArgumentException if frames is negative
   */
  public static String compact(List<StackGroup> groups, int frames) {
    Objects.requireNonNull(groups, "groups");
    if (frames < 0) {
      throw new IllegalArgumentException("frames must be >= 0, was " + frames);
    }
    StringBuilder sb = new StringBuilder();
    for (StackGroup g : groups) {
      sb.append(g.count()).append(" x ").append(g.pattern().id()).append(' ').append(g.state());
      if (g.appFrame() != null) {
        sb.append(" at ").append(oneLine(g.appFrame()));
      }
      if (!g.top().isEmpty()) {
        sb.append(" in ").append(oneLine(g.top()));
      }
      sb.append(" [").append(names(g)).append(']').append('\n');
      if (!g.lockChain().isEmpty()) {
        sb.append("    lock: ").append(oneLine(g.lockChain())).append('\n');
      }
      if (g.pattern().isLeak()) {
        sb.append("    fix: ").append(g.advice()).append('\n');
      }
      for (int i = 0; i < Math.min(frames, g.stack().size()); i++) {
        sb.append("    at ").append(oneLine(g.stack().get(i))).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * JSON per the {@code leash triage --format json} contract: {@code threads}, {@code patterns}, {@code groups} (each
   * with {@code pattern, count, state, top, appFrame, threadIds, stack, advice}) plus {@code source},
   * {@code truncated}, and per group {@code threadNames}, {@code virtual}, {@code lockChain}.
   *
   * @throws IOException if writing fails
   */
  public static void json(TriageReport r, Writer out) throws IOException {
    Objects.requireNonNull(r, "report");
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("threads", r.threads());
      g.writeNumberField("snapshots", r.snapshots());
      g.writeObjectFieldStart("patterns");
      for (Map.Entry<String, Integer> e : r.patterns().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("verdicts");
      for (Map.Entry<String, Integer> e : r.verdicts().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("groups");
      for (StackGroup s : r.groups()) {
        writeGroup(g, s);
      }
      g.writeEndArray();
      g.writeStringField("source", r.source());
      g.writeStringField("heap", r.heapSource());
      g.writeBooleanField("truncated", r.truncated());
      g.writeEndObject();
    }
    out.write(System.lineSeparator());
  }

  private static void writeGroup(JsonGenerator g, StackGroup s) throws IOException {
    g.writeStartObject();
    g.writeStringField("pattern", s.pattern().id());
    g.writeStringField("verdict", s.verdict().id());
    g.writeStringField("evidence", s.evidence().id());
    g.writeNumberField("count", s.count());
    g.writeArrayFieldStart("counts");
    for (int c : s.counts()) {
      g.writeNumber(c);
    }
    g.writeEndArray();
    g.writeBooleanField("growing", s.growing());
    g.writeStringField("state", s.state().name());
    g.writeStringField("top", s.top());
    g.writeStringField("appFrame", s.appFrame());
    g.writeStringField("spawnSite", s.spawnSite());
    g.writeStringField("knownAs", s.knownAs());
    if (s.retainedBy().isEmpty()) {
      g.writeNullField("retainedBy");
    } else {
      g.writeArrayFieldStart("retainedBy");
      for (String step : s.retainedBy()) {
        g.writeString(step);
      }
      g.writeEndArray();
    }
    g.writeArrayFieldStart("threadIds");
    for (long id : s.threadIds()) {
      g.writeNumber(id);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("stack");
    for (String f : s.stack()) {
      g.writeString(f);
    }
    g.writeEndArray();
    g.writeStringField("advice", s.advice());
    g.writeArrayFieldStart("threadNames");
    for (String n : s.threadNames()) {
      g.writeString(n);
    }
    g.writeEndArray();
    g.writeNumberField("virtual", s.virtualCount());
    g.writeStringField("lockChain", s.lockChain());
    g.writeEndObject();
  }

  /**
   * Text of a diff: one line per changed group (change, counts, pattern, application frame, blocking call), largest
   * growth first.
   *
   * @throws IOException if writing fails
   */
  public static void diffText(List<GroupChange> changes, String before, String after, Writer out)
      throws IOException {
    String nl = System.lineSeparator();
    int grown = changes.stream().filter(c -> c.delta() > 0).mapToInt(GroupChange::delta).sum();
    out.write(String.format("%s -> %s: %,d groups changed, %+,d threads in groups that grew or appeared%n",
        oneLine(before), oneLine(after), changes.size(), grown));
    for (GroupChange c : changes) {
      StackGroup g = c.group();
      out.write(String.format("%-8s %+,7d (%,d -> %,d) [%s] %s%s%s", c.change(), c.delta(), c.before(), c.after(),
          g.pattern().id(), g.state(), g.appFrame() == null ? "" : " at " + oneLine(g.appFrame()),
          g.top().isEmpty() ? "" : " in " + oneLine(g.top())) + nl);
    }
  }

  /**
   * JSON of a diff: {@code {"before":..,"after":..,"changes":[{"change","before","after","delta", group fields}]}}.
   *
   * @throws IOException if writing fails
   */
  public static void diffJson(List<GroupChange> changes, String before, String after, Writer out)
      throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("before", before);
      g.writeStringField("after", after);
      g.writeArrayFieldStart("changes");
      for (GroupChange c : changes) {
        g.writeStartObject();
        g.writeStringField("change", c.change());
        g.writeNumberField("before", c.before());
        g.writeNumberField("after", c.after());
        g.writeNumberField("delta", c.delta());
        g.writeFieldName("group");
        writeGroup(g, c.group());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write(System.lineSeparator());
  }

  /**
   * HTML: one self-contained page (inline CSS, no script) with the summary and one section per group with a
   * collapsible stack. Every string taken from the dump is HTML-escaped.
   *
   * @throws IOException if writing fails
   */
  public static void html(TriageReport r, Writer out) throws IOException {
    Html.write(r, out);
  }

  static String escapeHtml(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
      }
    }
    return sb.toString();
  }

}
