package dev.leash.audit;

import java.util.Locale;

/**
 * The JSON contract. Paths are relative to the scanned directory. Nothing in it depends on timing or thread
 * scheduling (the scan time is in the text and HTML reports only), so the same tree gives byte-identical JSON.
 */
final class JsonReport {
  private JsonReport() {}

  static String render(AuditReport r) {
    StringBuilder b = new StringBuilder(256 + r.spawnSites().size() * 160 + r.findings().size() * 160);
    b.append("{\n  \"files\": ").append(r.files())
        .append(",\n  \"lines\": ").append(r.lines())
        .append(",\n  \"score\": ").append(String.format(Locale.ROOT, "%.1f", r.score()))
        .append(",\n  \"unparsed\": [");
    for (int i = 0; i < r.unparsed().size(); i++) {
      b.append(i == 0 ? "" : ", ").append(Json.str(r.unparsed().get(i)));
    }
    b.append("],\n  \"unparsedReasons\": [");
    for (int i = 0; i < r.unparsed().size(); i++) {
      b.append(i == 0 ? "\n" : ",\n").append("    { \"file\": ").append(Json.str(r.unparsed().get(i)))
          .append(", \"reason\": ").append(Json.str(r.unparsedReasons().get(i))).append(" }");
    }
    b.append(r.unparsed().isEmpty() ? "]" : "\n  ]").append(",\n  \"spawnSites\": [");
    for (int i = 0; i < r.spawnSites().size(); i++) {
      SpawnSite s = r.spawnSites().get(i);
      b.append(i == 0 ? "\n" : ",\n").append("    { \"file\": ").append(Json.str(s.file()))
          .append(", \"line\": ").append(s.line())
          .append(", \"kind\": ").append(Json.str(s.kind().id()))
          .append(", \"owner\": ").append(s.owner())
          .append(", \"stop\": ").append(s.stop())
          .append(", \"wait\": ").append(s.waits())
          .append(", \"advice\": ").append(Json.str(s.advice()))
          .append(", \"trail\": ").append(Json.str(s.trail())).append(" }");
    }
    b.append(r.spawnSites().isEmpty() ? "]" : "\n  ]").append(",\n  \"findings\": [");
    for (int i = 0; i < r.findings().size(); i++) {
      Finding f = r.findings().get(i);
      b.append(i == 0 ? "\n" : ",\n").append("    { \"rule\": ").append(Json.str(f.rule().id()))
          .append(", \"file\": ").append(Json.str(f.file()))
          .append(", \"line\": ").append(f.line())
          .append(", \"message\": ").append(Json.str(f.message())).append(" }");
    }
    b.append(r.findings().isEmpty() ? "]" : "\n  ]").append("\n}\n");
    return b.toString();
  }
}
