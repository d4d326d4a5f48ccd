package dev.leash.triage;

import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link Triage}: which frames are not "application" frames, and how many thread names a group keeps.
 *
 * @param libraryPrefixes class-name prefixes skipped when looking for the application frame (JDK, Leash, common
 *     libraries by default)
 * @param maxNamesPerGroup how many thread names a group keeps for display (its ids are all kept)
 */
public record TriageOptions(List<String> libraryPrefixes, int maxNamesPerGroup) {

  /** The default library prefixes. */
  public static final List<String> DEFAULT_LIBRARY_PREFIXES = List.of(
      "java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.leash.", "kotlin.", "kotlinx.coroutines.", "scala.",
      "org.junit.", "junit.", "org.apache.maven.", "org.gradle.", "com.google.common.", "org.apache.commons.",
      "org.slf4j.", "ch.qos.logback.", "org.apache.logging.", "io.netty.", "reactor.", "io.reactivex.",
      "org.eclipse.jetty.", "org.apache.catalina.", "org.apache.tomcat.", "io.undertow.", "org.xnio.", "okhttp3.",
      "com.zaxxer.hikari.");

  /** Default options. */
  public static final TriageOptions DEFAULTS = new TriageOptions(DEFAULT_LIBRARY_PREFIXES, 10);

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if libraryPrefixes is null
   * @throws IllegalArgumentException if maxNamesPerGroup is negative
   */
  public TriageOptions {
    libraryPrefixes = List.copyOf(Objects.requireNonNull(libraryPrefixes, "libraryPrefixes"));
    if (maxNamesPerGroup < 0) {
      throw new IllegalArgumentException("maxNamesPerGroup must be >= 0, was " + maxNamesPerGroup);
    }
  }

  /** These options with other library prefixes (replacing the defaults). */
  public TriageOptions withLibraryPrefixes(List<String> prefixes) {
    return new TriageOptions(prefixes, maxNamesPerGroup);
  }

  /** True when {@code frame} (normalized) belongs to the JDK, Leash or a listed library. */
  boolean isLibrary(String frame) {
    if (Frames.isGlue(frame)) {
      return true;
    }
    for (String p : libraryPrefixes) {
      if (frame.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
