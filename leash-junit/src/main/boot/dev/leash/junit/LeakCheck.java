package dev.leash.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves a thread running. After each test (or, with {@link Scope#CLASS}, after the class), threads
 * that did not exist before it and are still alive after the linger fail it with a {@link LeakedThreadsError} that
 * names each leaked group's pattern, application frame and spawn site. Platform and virtual threads are both seen.
 *
 * <p>On a class it applies to every test; on a method it overrides the class's settings. With
 * {@code junit.jupiter.extensions.autodetection.enabled=true} every test class is checked with the defaults, and
 * {@code leash.leakcheck.enabled=false} turns all checks off; the spawn site of a leaked platform thread comes from
 * JFR ({@code leash.leakcheck.spawnSites=jfr}, the default). Threads still alive after {@code @AfterAll} that did not
 * exist before {@code @BeforeAll} (a leak in class setup) are reported for the class.
 *
 * <p>Under parallel execution ({@code junit.jupiter.execution.parallel.enabled=true}) threads cannot be attributed to
 * one test, so per-test and per-class checks are off (with a one-time notice) and only the check at the end of the run
 * remains.
 *
 * <p>Honoured by Jupiter (through its extension) and, for JUnit 4 and other engines, by the platform listener
 * {@link SuiteLeakCheck}. What the annotation leaves unset comes from the suite's configuration
 * ({@code leash.leakcheck.*} in {@code junit-platform.properties} or system properties); its ignores add to the
 * suite's.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LeakCheckExtension.class)
public @interface LeakCheck {

  /** Ignore threads whose top frame starts with one of these ({@code com.acme.Poller.run}, {@code com.acme.}). */
  String[] ignoreTopFrames() default {};

  /** Ignore threads with a frame anywhere in their stack that starts with one of these. */
  String[] ignoreAnyFrames() default {};

  /** Ignore threads whose whole name matches one of these regular expressions. */
  String[] ignoreThreadNames() default {};

  /** Ignore threads started from a frame that starts with one of these (needs spawn sites, on by default). */
  String[] ignoreSpawnSites() default {};

  /**
   * How long leaked threads get to end, in milliseconds; the check stops waiting as soon as they have. {@code -1}
   * (the default) takes the suite's {@code leash.leakcheck.linger}, itself 2 s by default.
   */
  long lingerMillis() default -1;

  /**
   * {@code true} proves new threads from a heap dump as soon as they are seen and fails at once on a proven leak
   * (nothing outside the thread can reach what it waits on), without waiting out the linger. By default the proof
   * runs only when suspects outlive the linger, to say which are proven leaked and who holds the others.
   */
  boolean prove() default false;

  /** When to check: after each test (default) or once after the whole class. Only meaningful on a class. */
  Scope scope() default Scope.METHOD;

  /** {@code false} turns the check off for this class or method. */
  boolean enabled() default true;

  /** When the check runs. */
  enum Scope {
    /** After each test method: a leak fails that test. */
    METHOD,
    /** Once after the class: a leak fails the class (for tests that share threads across methods). */
    CLASS
  }
}
