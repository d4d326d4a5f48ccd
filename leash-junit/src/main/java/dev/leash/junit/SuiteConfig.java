package dev.leash.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The suite-wide configuration, read from JUnit configuration parameters ({@code junit-platform.properties}, system
 * properties, surefire's {@code configurationParameters}): every key starts with {@code leash.leakcheck.}. Per-class
 * {@link LeakCheck} values override it; its ignores add to the annotation's.
 *
 * @param enabled {@code leash.leakcheck.enabled}: true or false, or null when unset (then checks run where JUnit's
 *     extension autodetection is on or a class carries {@code @LeakCheck})
 * @param failOnLeak {@code leash.leakcheck.onLeak}: {@code fail} (default) fails the leaking test, {@code warn} prints
 * @param linger {@code leash.leakcheck.linger}: {@code 2s}, {@code 500ms} or plain milliseconds
 * @param classScope {@code leash.leakcheck.scope}: {@code method} (default) or {@code class}
 * @param applicationPackages {@code leash.leakcheck.applicationPackages}: packages whose frames are application code
 *     even where leash-triage would call them library code; empty means the packages of the test classes
 * @param spawnSites {@code leash.leakcheck.spawnSites}: {@code jfr} (default) records who started each platform
 *     thread with JFR, {@code off} does not
 * @param suiteScoped {@code leash.leakcheck.suiteScoped}: true (default) treats threads started from a static
 *     initializer, {@code @BeforeAll} or {@code @BeforeClass} as the run's, reported once at the end, never blamed
 * @param endOfRun {@code leash.leakcheck.endOfRun}: true (default) also checks once when the run ends
 * @param proof {@code leash.leakcheck.heapProof}: {@code on-failure} (default) proves the threads of a failing
 *     check from a heap dump, {@code at-once} fails at once on a proven leak, {@code off} takes no heap dump
 */
record SuiteConfig(Boolean enabled, boolean failOnLeak, Duration linger, boolean classScope,
    List<String> applicationPackages, boolean spawnSites, boolean suiteScoped, boolean endOfRun,
    List<String> ignoreThreadNames, List<String> ignoreTopFrames, List<String> ignoreAnyFrames,
    List<String> ignoreSpawnSites, LeakOptions.Proof proof) {
  static final String PREFIX = "leash.leakcheck.";

  static SuiteConfig defaults() {
    return new SuiteConfig(null, true, LeakOptions.DEFAULT_LINGER, false, List.of(), true, true, true, List.of(),
        List.of(), List.of(), List.of(), LeakOptions.Proof.ON_FAILURE);
  }

  /**
   * Reads the configuration through {@code get} (a configuration parameter lookup).
   *
   * @throws IllegalArgumentException naming the property and the bad value
   */
  static SuiteConfig read(Function<String, Optional<String>> get) {
    Boolean enabled = get.apply(PREFIX + "enabled").map(v -> bool("enabled", v)).orElse(null);
    boolean fail = get.apply(PREFIX + "onLeak").map(v -> choice("onLeak", v, "fail", "warn")).orElse("fail")
        .equals("fail");
    Duration linger = get.apply(PREFIX + "linger").map(SuiteConfig::duration).orElse(LeakOptions.DEFAULT_LINGER);
    boolean classScope = get.apply(PREFIX + "scope").map(v -> choice("scope", v, "method", "class")).orElse("method")
        .equals("class");
    Optional<String> legacyJfr = get.apply(PREFIX + "jfrSpawnSites");
    boolean jfr = get.apply(PREFIX + "spawnSites").map(v -> choice("spawnSites", v, "jfr", "off"))
        .map("jfr"::equals).orElse(legacyJfr.map(v -> bool("jfrSpawnSites", v)).orElse(true));
    boolean suiteScoped = get.apply(PREFIX + "suiteScoped").map(v -> bool("suiteScoped", v)).orElse(true);
    boolean endOfRun = get.apply(PREFIX + "endOfRun").or(() -> get.apply(PREFIX + "suite"))
        .map(v -> bool("endOfRun", v)).orElse(true);
    SuiteConfig c = new SuiteConfig(enabled, fail, linger, classScope, list(get, "applicationPackages"), jfr,
        suiteScoped, endOfRun, list(get, "ignoreThreadNames"), list(get, "ignoreTopFrames"),
        list(get, "ignoreAnyFrames"), list(get, "ignoreSpawnSites"),
        switch (get.apply(PREFIX + "heapProof").map(v -> choice("heapProof", v, "on-failure", "at-once", "off"))
            .orElse("on-failure")) {
          case "at-once" -> LeakOptions.Proof.AT_ONCE;
          case "off" -> LeakOptions.Proof.OFF;
          default -> LeakOptions.Proof.ON_FAILURE;
        });
    c.options(); // validates the regular expressions and frames now, naming the property
    return c;
  }

  /** The ignores and linger as {@link LeakOptions}. */
  LeakOptions options() {
    LeakOptions o = LeakOptions.defaults().linger(linger).proof(proof);
    o = add(o, "ignoreThreadNames", ignoreThreadNames, LeakOptions::ignoreThreadName);
    o = add(o, "ignoreTopFrames", ignoreTopFrames, LeakOptions::ignoreTopFrame);
    o = add(o, "ignoreAnyFrames", ignoreAnyFrames, LeakOptions::ignoreAnyFrame);
    return add(o, "ignoreSpawnSites", ignoreSpawnSites, LeakOptions::ignoreSpawnSite);
  }

  private interface Adder {
    LeakOptions add(LeakOptions o, String value);
  }

  private static LeakOptions add(LeakOptions o, String key, List<String> values, Adder adder) {
    for (String v : values) {
      try {
        o = adder.add(o, v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PREFIX + key + ": " + e.getMessage(), e);
      }
    }
    return o;
  }

  /** Comma-separated values, blanks dropped (a regular expression listed here cannot contain a comma). */
  private static List<String> list(Function<String, Optional<String>> get, String key) {
    List<String> out = new ArrayList<>();
    get.apply(PREFIX + key).ifPresent(v -> {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    });
    return List.copyOf(out);
  }

  private static boolean bool(String key, String v) {
    return choice(key, v, "true", "false").equals("true");
  }

  private static String choice(String key, String v, String... allowed) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(s)) {
        return a;
      }
    }
    throw new IllegalArgumentException(PREFIX + key + ": expected " + String.join(" or ", allowed) + ", was '" + v
        + "'");
  }

  /** {@code 2s}, {@code 1500ms}, {@code 1500} (milliseconds) or an ISO-8601 duration ({@code PT2S}). */
  static Duration duration(String v) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (s.startsWith("pt")) {
        d = Duration.parse(s);
      } else if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
      } else if (s.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).strip()) * 1000));
      } else {
        d = Duration.ofMillis(Long.parseLong(s));
      }
      if (d.isNegative()) {
        throw new IllegalArgumentException(PREFIX + "linger: must not be negative, was '" + v + "'");
      }
      return d;
    } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(PREFIX + "linger: expected a duration such as 2s or 500ms, was '" + v + "'",
          e);
    }
  }
}
