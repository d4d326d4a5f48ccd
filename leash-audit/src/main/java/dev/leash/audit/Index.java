package dev.leash.audit;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Every node of a compilation unit in pre-order, from one walk, so that analyses do not re-walk the tree. */
final class Index {
  private final List<Node> nodes = new ArrayList<>(4096);
  private final Map<Class<?>, List<?>> cache = new HashMap<>();

  Index(CompilationUnit cu) {
    add(cu);
  }

  private void add(Node n) {
    nodes.add(n);
    List<Node> children = n.getChildNodes();
    for (int i = 0, size = children.size(); i < size; i++) {
      add(children.get(i));
    }
  }

  /** All nodes that are instances of {@code type}, in source (pre-)order. */
  @SuppressWarnings("unchecked")
  <T extends Node> List<T> all(Class<T> type) {
    List<?> hit = cache.get(type);
    if (hit == null) {
      List<T> out = new ArrayList<>();
      for (Node n : nodes) {
        if (type.isInstance(n)) {
          out.add(type.cast(n));
        }
      }
      cache.put(type, out);
      hit = out;
    }
    return (List<T>) hit;
  }

  <T extends Node> List<T> all(Class<T> type, Predicate<T> keep) {
    return all(type).stream().filter(keep).toList();
  }
}
