package dev.leash.audit;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every rule sees of one parsed file: the tree, its one-walk index, the path, the suppressions, and the findings
 * so far (one per rule and line). Not thread-safe: one per file.
 */
final class FileContext {
  private final CompilationUnit cu;
  private final Index idx;
  private final String file;
  private final Suppressions suppressions;
  private final List<Finding> findings = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  FileContext(CompilationUnit cu, Index idx, String file, Suppressions suppressions) {
    this.cu = cu;
    this.idx = idx;
    this.file = file;
    this.suppressions = suppressions;
  }

  CompilationUnit cu() {
    return cu;
  }

  Index idx() {
    return idx;
  }

  String file() {
    return file;
  }

  Suppressions suppressions() {
    return suppressions;
  }

  /** Records a finding unless the same rule already fired on that line or it is suppressed there. */
  void report(Rule rule, Node node, int line, String message) {
    if (seen.add(rule.id() + ":" + line) && !suppressions.suppressed(rule, node, line)) {
      findings.add(new Finding(rule, file, line, message));
    }
  }

  List<Finding> findings() {
    return findings;
  }
}
