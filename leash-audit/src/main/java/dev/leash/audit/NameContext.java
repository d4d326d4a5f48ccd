package dev.leash.audit;

import java.util.List;
import java.util.Map;

/**
 * What a simple type name can mean at one place in a file: its package, single-type imports (simple name to fully
 * qualified name), on-demand imports, and the enclosing types (innermost first, fully qualified).
 */
record NameContext(String pkg, Map<String, String> imports, List<String> wildcards, List<String> enclosing) {

  /** The same file's context inside the type {@code fqn}. */
  NameContext inside(String fqn) {
    List<String> e = new java.util.ArrayList<>(enclosing.size() + 1);
    e.add(fqn);
    e.addAll(enclosing);
    return new NameContext(pkg, imports, wildcards, List.copyOf(e));
  }
}
