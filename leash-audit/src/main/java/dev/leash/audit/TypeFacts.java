package dev.leash.audit;

import java.util.List;
import java.util.Map;

/**
 * What the index knows about one type of the scanned tree: its name, supertypes (as written), fields, which
 * constructor and method parameters end up in which field, and every call made on each field name (with the method
 * it is made from). Built from one file; immutable.
 *
 * @param fqn fully qualified name (nested types joined with {@code .})
 * @param file path of the declaring file, relative to the scanned directory
 * @param ctx how names in this type resolve
 * @param superclass the {@code extends} type as written, or null
 * @param fieldTypes field name to its type as written
 * @param ctors constructor arity to parameter index to field name (or {@code super:<i>} when passed to super)
 * @param setters {@code name/arity} to parameter index to field name
 * @param ops name used as a receiver or argument to every operation on it
 * @param methods {@code name/arity} of every declared method
 * @param params {@code name/arity} (constructors: {@code <init>/arity}) to its parameter names
 * @param runEnds whether its own {@code run()} ends by itself (no unbounded loop, no untimed wait); null when it
 *     declares no {@code run()}
 */
record TypeFacts(String fqn, String file, NameContext ctx, String superclass, Map<String, String> fieldTypes,
    Map<Integer, Map<Integer, String>> ctors, Map<String, Map<Integer, String>> setters,
    Map<String, List<Op>> ops, java.util.Set<String> methods, Map<String, List<String>> params, Boolean runEnds) {

  /**
   * One use of a field-like name.
   *
   * @param method the declaring method it happens in ({@code <init>} for constructors and initialisers)
   * @param call the method called on it ({@code shutdown}), {@code arg:<name>} when it is passed to a call, or
   *     {@code escape} when it is returned or stored elsewhere
   */
  record Op(String method, String call) {}

  String simpleName() {
    return fqn.substring(fqn.lastIndexOf('.') + 1);
  }
}
