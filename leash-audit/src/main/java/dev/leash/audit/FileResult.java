package dev.leash.audit;

import java.util.List;

/**
 * What one file contributed: its spawn sites and factory call sites for the link phase, its types for the index,
 * and the findings of the rules that need nothing beyond the file.
 *
 * @param reason why the file could not be analysed; null when it was
 */
record FileResult(String file, long lines, String reason, List<PendingSite> sites, List<CallSite> calls,
    List<TypeFacts> types, List<Finding> findings) {

  static FileResult unparsed(String file, long lines, String reason) {
    return new FileResult(file, lines, reason, List.of(), List.of(), List.of(), List.of());
  }

  boolean parsed() {
    return reason == null;
  }
}
