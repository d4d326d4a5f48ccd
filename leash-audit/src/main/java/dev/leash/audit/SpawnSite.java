package dev.leash.audit;

import java.util.Objects;

/**
 * One place in the sources that starts threads, with the three answers of the exit story.
 *
 * @param file path relative to the scanned directory, with {@code /} separators
 * @param line 1-based line of the creating call
 * @param kind what the call creates
 * @param owner whether the handle is kept where someone can reach it later
 * @param stop whether something reachable stops it (shutdown, interrupt, cancel, close, a stop flag)
 * @param waits whether something reachable waits for it (join, awaitTermination, close, get)
 * @param advice one sentence saying what is missing and how to fix it, empty when nothing is
 * @param trail where the handle went beyond the line that made it, e.g. {@code handed to new Breaker(...) -> field
 *     Breaker.scheduler -> nothing in Breaker stops it}; empty when it never left its declaring file's own code
 */
public record SpawnSite(
    String file, int line, SpawnKind kind, boolean owner, boolean stop, boolean waits, String advice,
    String trail) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code file}, {@code kind} or {@code advice} is null
   * @throws IllegalArgumentException if {@code line} is below 1
   */
  public SpawnSite {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(advice, "advice");
    Objects.requireNonNull(trail, "trail");
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1, was " + line);
    }
  }

  /**
   * A site with no trail.
   *
   * @throws NullPointerException if {@code file}, {@code kind} or {@code advice} is null
   * @throws IllegalArgumentException if {@code line} is below 1
   */
  public SpawnSite(String file, int line, SpawnKind kind, boolean owner, boolean stop, boolean waits, String advice) {
    this(file, line, kind, owner, stop, waits, advice, "");
  }

  /** True when the site has an owner, a stop signal and a wait point. */
  public boolean healthy() {
    return owner && stop && waits;
  }
}
