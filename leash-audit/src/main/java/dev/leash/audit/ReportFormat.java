package dev.leash.audit;

import java.util.Locale;

/** The output formats of {@code leash audit}. Each renders a whole {@link AuditReport} as one string. */
public enum ReportFormat {
  /** Human-readable summary: score, worst files, sites to fix with advice, findings by rule, worst three. */
  TEXT,
  /** The JSON contract of the design ({@code files, lines, score, unparsed, spawnSites, findings}). */
  JSON,
  /** SARIF 2.1.0 for code-scanning uploads. */
  SARIF,
  /** One self-contained HTML page; every string taken from the sources is escaped. */
  HTML;

  /**
   * Renders the report.
   *
   * @throws NullPointerException if {@code report} is null
   */
  public String render(AuditReport report) {
    java.util.Objects.requireNonNull(report, "report");
    return switch (this) {
      case TEXT -> TextReport.render(report);
      case JSON -> JsonReport.render(report);
      case SARIF -> SarifReport.render(report);
      case HTML -> HtmlReport.render(report);
    };
  }

  /**
   * The format with the given name, case-insensitive.
   *
   * @throws IllegalArgumentException if the name is not one of text, json, sarif, html
   */
  public static ReportFormat parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown format '" + name + "' (expected text, json, sarif or html)");
    }
  }

}
