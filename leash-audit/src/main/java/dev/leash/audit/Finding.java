package dev.leash.audit;

import java.util.Objects;

/**
 * One rule violation on one line.
 *
 * @param rule the rule that fired
 * @param file path relative to the scanned directory, with {@code /} separators
 * @param line 1-based line of the offending call or statement
 * @param message what is wrong there, in one sentence
 */
public record Finding(Rule rule, String file, int line, String message) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if any reference component is null
   * @throws IllegalArgumentException if {@code line} is below 1
   */
  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1, was " + line);
    }
  }
}
