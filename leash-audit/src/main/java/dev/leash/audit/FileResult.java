package dev.leash.audit;

import java.util.List;

/** What one file contributed. */
record FileResult(String file, long lines, boolean parsed, List<SpawnSite> sites, List<Finding> findings) {

  static FileResult unparsed(String file, long lines) {
    return new FileResult(file, lines, false, List.of(), List.of());
  }
}
