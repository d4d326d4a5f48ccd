package dev.leash.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a leak check ignores and how long it waits. Immutable: every {@code with}-style method returns a new value.
 *
 * <pre>{@code
 * Leaks.verifyNone(LeakOptions.defaults()
 *     .ignoreCurrent()                                   // threads alive now are not this test's
 *     .ignoreTopFrame("com.acme.metrics.Reporter.run")   // a thread we own elsewhere, by its top frame
 *     .linger(Duration.ofSeconds(5)));
 * }</pre>
 *
 * <p>Always ignored: the checking thread, JVM housekeeping threads (classified {@code jvm} by leash-triage: reference
 * handler, finalizer, compiler and GC threads, idle ForkJoinPool carriers, Leash's {@code leash-timer}) and the
 * surefire/JUnit threads that run the tests.
 */
public final class LeakOptions {
  /** The default linger: how long leaked threads get to end before the check fails. */
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(2);
  private static final List<Pattern> FRAMEWORK_THREADS = List.of(
      Pattern.compile("surefire-forkedjvm-.*"), Pattern.compile("junit-jupiter-timeout-watcher"));

  private final List<String> topFrames;
  private final List<String> anyFrames;
  private final List<String> spawnSites;
  private final List<Pattern> threadNames;
  private final Set<Long> current;
  private final Duration linger;
  private final Proof proof;

  /** Whether and when the check takes a heap proof of the threads it reports. */
  public enum Proof {
    /** No heap dump: the report rests on stacks alone. */
    OFF,
    /**
     * The default: when suspects outlive the linger, dump this JVM's heap, prove, delete the dump, and say per group
     * "proven leaked" or "still alive and held by: PATH".
     */
    ON_FAILURE,
    /** Prove as soon as new threads are seen, and fail at once on a proven leak without waiting out the linger. */
    AT_ONCE
  }

  private LeakOptions(List<String> topFrames, List<String> anyFrames, List<String> spawnSites,
      List<Pattern> threadNames, Set<Long> current, Duration linger, Proof proof) {
    this.proof = Objects.requireNonNull(proof, "proof");
    this.topFrames = List.copyOf(topFrames);
    this.anyFrames = List.copyOf(anyFrames);
    this.spawnSites = List.copyOf(spawnSites);
    this.threadNames = List.copyOf(threadNames);
    this.current = Set.copyOf(current);
    this.linger = linger;
  }

  /** Nothing extra ignored, {@link #DEFAULT_LINGER}. */
  public static LeakOptions defaults() {
    return new LeakOptions(List.of(), List.of(), List.of(), List.of(), Set.of(), DEFAULT_LINGER, Proof.ON_FAILURE);
  }

  /**
   * Ignores threads whose top frame is in {@code frame}: a method ({@code com.acme.Poller.run}) or a class or package
   * prefix ({@code com.acme.metrics.}).
   *
   * @throws IllegalArgumentException if {@code frame} is blank
   */
  public LeakOptions ignoreTopFrame(String frame) {
    return new LeakOptions(plus(topFrames, frame("ignoreTopFrame", frame)), anyFrames, spawnSites, threadNames, current,
        linger, proof);
  }

  /**
   * Ignores threads with {@code frame} anywhere in their stack (same matching as {@link #ignoreTopFrame}).
   *
   * @throws IllegalArgumentException if {@code frame} is blank
   */
  public LeakOptions ignoreAnyFrame(String frame) {
    return new LeakOptions(topFrames, plus(anyFrames, frame("ignoreAnyFrame", frame)), spawnSites, threadNames, current,
        linger, proof);
  }

  /**
   * Ignores threads started from {@code frame}: a class, package or method prefix ({@code com.acme.mocks.}) matched
   * against every frame of the stack that started the thread. Spawn sites come from JFR for platform threads and from
   * Leash's owners; a thread whose spawn site is unknown is not ignored by this.
   *
   * @throws IllegalArgumentException if {@code frame} is blank
   */
  public LeakOptions ignoreSpawnSite(String frame) {
    return new LeakOptions(topFrames, anyFrames, plus(spawnSites, frame("ignoreSpawnSite", frame)), threadNames,
        current, linger, proof);
  }

  /**
   * Ignores threads whose whole name matches {@code regex}.
   *
   * @throws IllegalArgumentException naming the option if {@code regex} is not a valid regular expression
   */
  public LeakOptions ignoreThreadName(String regex) {
    Objects.requireNonNull(regex, "regex");
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "ignoreThreadName: invalid regular expression '" + regex + "': " + e.getDescription(), e);
    }
    return new LeakOptions(topFrames, anyFrames, spawnSites, plus(threadNames, p), current, linger, proof);
  }

  /** Ignores every thread alive at this moment (goleak's IgnoreCurrent): only threads started later can leak. */
  public LeakOptions ignoreCurrent() {
    return new LeakOptions(topFrames, anyFrames, spawnSites, threadNames, Detector.liveIds(), linger, proof);
  }

  /**
   * How long leaked threads get to end before the check fails; the check returns as soon as they have ended.
   * {@link Duration#ZERO} checks once.
   *
   * @throws IllegalArgumentException naming the option if {@code linger} is negative
   */
  public LeakOptions linger(Duration linger) {
    Objects.requireNonNull(linger, "linger");
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must not be negative, was " + linger);
    }
    return new LeakOptions(topFrames, anyFrames, spawnSites, threadNames, current, linger, proof);
  }

  /**
   * These options with another heap-proof mode (default {@link Proof#ON_FAILURE}).
   *
   * @throws NullPointerException if mode is null
   */
  public LeakOptions proof(Proof mode) {
    return new LeakOptions(topFrames, anyFrames, spawnSites, threadNames, current, linger,
        Objects.requireNonNull(mode, "mode"));
  }

  /** The heap-proof mode in effect. */
  public Proof proof() {
    return proof;
  }

  /** The linger in effect. */
  public Duration linger() {
    return linger;
  }

  /** Threads treated as existing before the check (from {@link #ignoreCurrent()}). */
  Set<Long> current() {
    return current;
  }

  /** Whether a thread with this name and stack (normalized frames, top first) is ignored by these options. */
  boolean ignores(String name, List<String> stack) {
    for (Pattern p : FRAMEWORK_THREADS) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    for (Pattern p : threadNames) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    if (!stack.isEmpty() && matchesAny(topFrames, stack.get(0))) {
      return true;
    }
    for (String f : stack) {
      if (matchesAny(anyFrames, f)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a thread started from this stack (frames top first, as {@code class.method(...)}) is ignored. */
  boolean ignoresSpawn(List<String> spawnFrames) {
    for (String f : spawnFrames) {
      if (matchesAny(spawnSites, f)) {
        return true;
      }
    }
    return false;
  }

  /** Whether spawn-site ignores are set (they need spawn sites). */
  boolean hasSpawnIgnores() {
    return !spawnSites.isEmpty();
  }

  /** These options plus {@code other}'s ignores, with {@code other}'s linger and proof mode. */
  LeakOptions plus(LeakOptions other) {
    List<String> top = new ArrayList<>(topFrames);
    top.addAll(other.topFrames);
    List<String> any = new ArrayList<>(anyFrames);
    any.addAll(other.anyFrames);
    List<String> spawn = new ArrayList<>(spawnSites);
    spawn.addAll(other.spawnSites);
    List<Pattern> names = new ArrayList<>(threadNames);
    names.addAll(other.threadNames);
    java.util.Set<Long> cur = new java.util.HashSet<>(current);
    cur.addAll(other.current);
    return new LeakOptions(top, any, spawn, names, cur, other.linger,
        other.proof == Proof.ON_FAILURE ? proof : other.proof); // an annotation's default keeps the suite's mode
  }

  private static boolean matchesAny(List<String> prefixes, String frame) {
    for (String p : prefixes) {
      if (frame.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static String frame(String option, String frame) {
    Objects.requireNonNull(frame, option);
    if (frame.isBlank()) {
      throw new IllegalArgumentException(option + ": frame must not be blank");
    }
    return frame.strip();
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  @Override
  public String toString() {
    return "LeakOptions[topFrames=" + topFrames + ", anyFrames=" + anyFrames + ", spawnSites=" + spawnSites + ", threadNames=" + threadNames
        + ", current=" + current.size() + " threads, linger=" + linger + ", proof=" + proof + "]";
  }
}
