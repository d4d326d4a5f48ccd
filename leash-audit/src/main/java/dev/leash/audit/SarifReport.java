package dev.leash.audit;

/**
 * SARIF 2.1.0: one run, the tool's rules with short and full descriptions and help, results with relative URIs
 * (against the {@code %SRCROOT%} base) and regions. Spawn sites missing an answer are reported as notes under the
 * pseudo-rule {@code spawn-site}.
 */
final class SarifReport {
  private SarifReport() {}

  static String render(AuditReport r) {
    StringBuilder b = new StringBuilder(1024 + r.findings().size() * 300);
    b.append("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n")
        .append("  \"runs\": [ {\n    \"tool\": { \"driver\": {\n")
        .append("      \"name\": \"leash-audit\",\n      \"informationUri\": \"https://github.com/leash-dev/leash\",\n")
        .append("      \"rules\": [\n");
    Rule[] rules = Rule.values();
    for (int i = 0; i < rules.length; i++) {
      Rule rule = rules[i];
      b.append("        { \"id\": ").append(Json.str(rule.id()))
          .append(", \"name\": ").append(Json.str(camel(rule.id())))
          .append(",\n          \"shortDescription\": { \"text\": ").append(Json.str(rule.shortDescription()))
          .append(" },\n          \"fullDescription\": { \"text\": ").append(Json.str(rule.fullDescription()))
          .append(" },\n          \"help\": { \"text\": ").append(Json.str(rule.help()))
          .append(", \"markdown\": ").append(Json.str(rule.help() + " See docs/rules/" + rule.id() + ".md."))
          .append(" },\n          \"helpUri\": ").append(Json.str("docs/rules/" + rule.id() + ".md"))
          .append(",\n          \"defaultConfiguration\": { \"level\": \"warning\" } },\n");
    }
    b.append("        { \"id\": \"spawn-site\", \"name\": \"SpawnSite\",\n")
        .append("          \"shortDescription\": { \"text\": \"Spawn site missing an owner, stop signal or wait point\" },\n")
        .append("          \"fullDescription\": { \"text\": ").append(Json.str("A place that starts threads where"
            + " the handle is not kept, nothing stops the threads, or nothing waits for them to end."))
        .append(" },\n          \"help\": { \"text\": ").append(Json.str("Keep the handle in an owner that stops"
            + " and waits for it in close(), e.g. an ExecutorService or Leash TaskGroup in try-with-resources."))
        .append(" },\n          \"defaultConfiguration\": { \"level\": \"note\" } }\n");
    b.append("      ] } },\n    \"originalUriBaseIds\": { \"%SRCROOT%\": { \"uri\": \"./\" } },\n")
        .append("    \"results\": [");
    boolean first = true;
    for (Finding f : r.findings()) {
      b.append(first ? "\n" : ",\n");
      first = false;
      result(b, f.rule().id(), f.rule().ordinal(), "warning", f.message(), f.file(), f.line());
    }
    for (SpawnSite s : r.spawnSites()) {
      if (s.healthy()) {
        continue;
      }
      b.append(first ? "\n" : ",\n");
      first = false;
      result(b, "spawn-site", Rule.values().length, "note", s.kind().id() + " spawn site: " + s.advice(),
          s.file(), s.line());
    }
    b.append(first ? "]" : "\n    ]").append("\n  } ]\n}\n");
    return b.toString();
  }

  private static void result(StringBuilder b, String rule, int index, String level, String message, String file,
      int line) {
    b.append("      { \"ruleId\": ").append(Json.str(rule)).append(", \"ruleIndex\": ").append(index)
        .append(", \"level\": ").append(Json.str(level))
        .append(",\n        \"message\": { \"text\": ").append(Json.str(message)).append(" },\n")
        .append("        \"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": ")
        .append(Json.str(uri(file))).append(", \"uriBaseId\": \"%SRCROOT%\" }, \"region\": { \"startLine\": ")
        .append(line).append(" } } } ] }");
  }

  /** A relative URI reference: path segments percent-encoded where needed. */
  static String uri(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/$+".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  private static String camel(String id) {
    StringBuilder b = new StringBuilder();
    for (String part : id.split("-")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }
}
