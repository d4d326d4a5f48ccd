package dev.leash.audit;

import java.util.List;
import java.util.Objects;

/**
 * The result of one audit.
 *
 * @param files number of {@code .java} files found
 * @param lines number of lines in those files
 * @param unparsed files that could not be read or parsed (relative paths), already counted in {@code files}
 * @param spawnSites every spawn site found, sorted by file and line
 * @param findings every rule finding not suppressed, sorted by file and line
 * @param millis wall-clock time of the scan
 * @param unparsedReasons for each unparsed file (same order), why it could not be analysed
 */
public record AuditReport(
    int files, long lines, List<String> unparsed, List<SpawnSite> spawnSites, List<Finding> findings, long millis,
    List<String> unparsedReasons) {

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a list is null
   */
  public AuditReport {
    unparsed = List.copyOf(Objects.requireNonNull(unparsed, "unparsed"));
    spawnSites = List.copyOf(Objects.requireNonNull(spawnSites, "spawnSites"));
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
    unparsedReasons = List.copyOf(Objects.requireNonNull(unparsedReasons, "unparsedReasons"));
    if (unparsedReasons.size() != unparsed.size()) {
      throw new IllegalArgumentException("one reason per unparsed file: " + unparsedReasons.size() + " reasons for "
          + unparsed.size() + " files");
    }
  }

  /**
   * A report whose unparsed files have no recorded reason.
   *
   * @throws NullPointerException if a list is null
   */
  public AuditReport(
      int files, long lines, List<String> unparsed, List<SpawnSite> spawnSites, List<Finding> findings, long millis) {
    this(files, lines, unparsed, spawnSites, findings, millis,
        java.util.Collections.nCopies(Objects.requireNonNull(unparsed, "unparsed").size(), "could not be parsed"));
  }

  /**
   * Spawn sites with owner, stop and wait, as a percentage of all spawn sites, rounded to one decimal; 100 when
   * there are none.
   */
  public double score() {
    if (spawnSites.isEmpty()) {
      return 100.0;
    }
    long healthy = spawnSites.stream().filter(SpawnSite::healthy).count();
    return Math.round(healthy * 1000.0 / spawnSites.size()) / 10.0;
  }

  /** Number of files that were parsed. */
  public int parsedFiles() {
    return files - unparsed.size();
  }
}
