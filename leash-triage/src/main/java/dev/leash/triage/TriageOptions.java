package dev.leash.triage;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Settings of {@link Triage}: which frames are not "application" frames, and how many thread names a group keeps.
 *
 * @param libraryPrefixes class-name prefixes skipped when looking for the application frame (JDK, Leash's runtime,
 *     common libraries by default); an entry ending in {@code .*} names one package exactly, without its sub-packages,
 *     like an import on demand ({@code dev.leash.*} is the classes of {@code dev.leash}, not {@code dev.leash.examples})
 * @param maxNamesPerGroup how many thread names a group keeps for display (its ids are all kept)
 * @param known the long-lived thread families that are healthy unless they grow or are proven leaked
 */
public record TriageOptions(List<String> libraryPrefixes, int maxNamesPerGroup, KnownThreads known) {

  /**
   * Leash's own runtime: the classes of package {@code dev.leash} (not its sub-packages) and Leash's tool packages.
   * Code in other {@code dev.leash.*} packages (Leash's examples, benchmarks, anyone's code under that name) is
   * application code.
   */
  public static final List<String> LEASH_RUNTIME_PREFIXES = List.of(
      "dev.leash.*", "dev.leash.triage.", "dev.leash.junit.", "dev.leash.micrometer.", "dev.leash.audit.",
      "dev.leash.cli.");

  /** The default library prefixes: the JDK, {@link #LEASH_RUNTIME_PREFIXES} and common libraries. */
  public static final List<String> DEFAULT_LIBRARY_PREFIXES = Stream.of(
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun."),
      LEASH_RUNTIME_PREFIXES,
      List.of("kotlin.", "kotlinx.coroutines.", "scala.", "org.junit.", "junit.", "org.apache.maven.", "org.gradle.",
          "com.google.common.", "org.apache.commons.", "org.slf4j.", "ch.qos.logback.", "org.apache.logging.",
          "io.netty.", "reactor.", "io.reactivex.", "org.eclipse.jetty.", "org.apache.catalina.", "org.apache.tomcat.",
          "io.undertow.", "org.xnio.", "okhttp3.", "com.zaxxer.hikari."))
      .flatMap(List::stream).toList();

  /** Default options. */
  public static final TriageOptions DEFAULTS = new TriageOptions(DEFAULT_LIBRARY_PREFIXES, 10,
      KnownThreads.defaults());

  /**
   * Options with the default known families.
   *
   * @throws NullPointerException if libraryPrefixes is null
   * @throws IllegalArgumentException if maxNamesPerGroup is negative
   */
  public TriageOptions(List<String> libraryPrefixes, int maxNamesPerGroup) {
    this(libraryPrefixes, maxNamesPerGroup, KnownThreads.defaults());
  }

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if libraryPrefixes or known is null
   * @throws IllegalArgumentException if maxNamesPerGroup is negative
   */
  public TriageOptions {
    libraryPrefixes = List.copyOf(Objects.requireNonNull(libraryPrefixes, "libraryPrefixes"));
    Objects.requireNonNull(known, "known");
    if (maxNamesPerGroup < 0) {
      throw new IllegalArgumentException("maxNamesPerGroup must be >= 0, was " + maxNamesPerGroup);
    }
  }

  /** These options with other library prefixes (replacing the defaults). */
  public TriageOptions withLibraryPrefixes(List<String> prefixes) {
    return new TriageOptions(prefixes, maxNamesPerGroup, known);
  }

  /** These options with other known thread families. */
  public TriageOptions withKnown(KnownThreads families) {
    return new TriageOptions(libraryPrefixes, maxNamesPerGroup, families);
  }

  /** True when {@code frame} (normalized) belongs to the JDK, Leash or a listed library. */
  boolean isLibrary(String frame) {
    if (Frames.isGlue(frame)) {
      return true;
    }
    String pkg = null;
    for (String p : libraryPrefixes) {
      if (p.endsWith(".*")) {
        if (pkg == null) {
          String c = Frames.className(frame);
          pkg = c.substring(0, Math.max(0, c.lastIndexOf('.')));
        }
        if (pkg.length() == p.length() - 2 && p.startsWith(pkg)) {
          return true;
        }
      } else if (frame.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
