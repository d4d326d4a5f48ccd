package dev.leash.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cheap first look at a file's text, before any file is parsed: which classes extend what (simple names), and
 * which methods are declared to return something that runs threads (candidate factory methods). Over-approximates;
 * the link phase decides with fully qualified names. Every pattern here is linear: no nested repetition, bounded
 * look-ahead, so no input can make it backtrack or recurse deeply.
 */
final class PrePass {
  /** {@code class X<...> extends Y}: type parameters bounded to 400 characters without a brace or semicolon. */
  private static final Pattern EXTENDS = Pattern.compile(
      "\\bclass\\s+(\\w+)\\s*(?:<[^{;]{0,400}?>)?\\s*extends\\s+([\\w.]+)");
  /** {@code ReturnType name(}: a method returning a type whose name says it runs threads. */
  private static final Pattern FACTORY = Pattern.compile(
      "\\b(\\w*(?:Thread|Executor|ExecutorService|Pool|Scheduler|Timer|EventLoopGroup|Worker))"
          + "(?:<[^;{()]{0,200}?>)?\\s+(\\w+)\\s*\\(");

  private static final java.util.Set<String> NOT_NAMES = java.util.Set.of("new", "return", "throw", "if",
      "while", "for", "switch", "catch", "synchronized");

  private PrePass() {}

  /** What the pre-pass saw in one file. */
  record Facts(List<String[]> supers, List<String[]> factories) {
    static final Facts EMPTY = new Facts(List.of(), List.of());
  }

  /** The {@code [class, superclass]} and {@code [returnType, method]} pairs in the text (simple names). */
  static Facts scan(String text) {
    if (text == null) {
      return Facts.EMPTY;
    }
    List<String[]> supers = new ArrayList<>();
    if (text.contains("extends")) {
      Matcher m = EXTENDS.matcher(text);
      while (m.find()) {
        String parent = m.group(2);
        supers.add(new String[] {m.group(1), parent.substring(parent.lastIndexOf('.') + 1)});
      }
    }
    List<String[]> factories = new ArrayList<>();
    Matcher f = FACTORY.matcher(text);
    while (f.find()) {
      String type = f.group(1);
      String name = f.group(2);
      if (!name.equals(type) && !NOT_NAMES.contains(name)) {
        factories.add(new String[] {type, name});
      }
    }
    return new Facts(supers, factories);
  }
}
