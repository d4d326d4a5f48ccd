package dev.leash.junit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link LeakCheck}; also registered for every class by autodetection. Keeps a
 * baseline of live thread ids before each class and each test and checks against it afterwards.
 */
public final class LeakCheckExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheckExtension.class);
  private static final AtomicBoolean PARALLEL_NOTICE = new AtomicBoolean();

  /** Creates the extension; JUnit does this. */
  public LeakCheckExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (context.getConfigurationParameter("leash.leakcheck.jfrSpawnSites").map("true"::equalsIgnoreCase)
        .orElse(false)) {
      JfrSpawnSites.ensureStarted();
    }
    if (checksOn(context) && settings(context).enabled()) {
      context.getStore(NS).put("class-baseline", Detector.liveIds());
      context.getStore(NS).put("reported", new HashSet<Long>());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!checksOn(context)) {
      return;
    }
    Settings s = settings(context);
    if (s.enabled() && s.scope() == LeakCheck.Scope.METHOD) {
      context.getStore(NS).put("method-baseline", Detector.liveIds());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!checksOn(context)) {
      return;
    }
    Settings s = settings(context);
    if (!s.enabled()) {
      return;
    }
    @SuppressWarnings("unchecked")
    Set<Long> baseline = context.getStore(NS).get("method-baseline", Set.class);
    if (s.scope() != LeakCheck.Scope.METHOD || baseline == null) {
      return;
    }
    String what = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
        + "()";
    LeakedThreadsError e = Detector.check(baseline, s.options(), what);
    if (e != null) {
      reported(context).addAll(e.groups().stream().flatMap(g -> g.threadIds().stream()).toList());
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!checksOn(context)) {
      return;
    }
    Settings s = settings(context);
    if (!s.enabled()) {
      return;
    }
    @SuppressWarnings("unchecked")
    Set<Long> baseline = context.getStore(NS).get("class-baseline", Set.class);
    if (baseline == null) {
      return;
    }
    Set<Long> known = new HashSet<>(baseline);
    known.addAll(reported(context));
    String what = context.getRequiredTestClass().getSimpleName()
        + (s.scope() == LeakCheck.Scope.CLASS ? "" : " (class setup: @BeforeAll, @AfterAll or static state)");
    LeakedThreadsError e = Detector.check(known, s.options(), what);
    if (e != null) {
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<Long> reported(ExtensionContext context) {
    Set<Long> r = context.getStore(NS).get("reported", Set.class);
    return r != null ? r : new HashSet<>();
  }

  /** Whether checks run at all in this run: not switched off, not a parallel run. Settings are resolved after. */
  private static boolean checksOn(ExtensionContext context) {
    if (context.getConfigurationParameter("leash.leakcheck.enabled").map("false"::equalsIgnoreCase).orElse(false)) {
      return false;
    }
    if (context.getConfigurationParameter("junit.jupiter.execution.parallel.enabled")
        .map("true"::equalsIgnoreCase).orElse(false)) {
      if (PARALLEL_NOTICE.compareAndSet(false, true)) {
        System.err.println("leash: parallel test execution is on, so leaked threads cannot be attributed to one"
            + " test; per-test leak checks are off and the check at the end of the run remains.");
      }
      return false;
    }
    return true;
  }

  record Settings(boolean enabled, LeakCheck.Scope scope, LeakOptions options) {}

  /** The method's annotation wins over the class's; no annotation (autodetection) means the defaults. */
  static Settings settings(ExtensionContext context) {
    Optional<LeakCheck> onMethod = context.getTestMethod().flatMap(m -> find(m));
    Optional<LeakCheck> onClass = context.getTestClass().flatMap(c -> find(c));
    if (onMethod.isPresent() && onMethod.get().scope() == LeakCheck.Scope.CLASS) {
      throw new ExtensionConfigurationException("@LeakCheck(scope = CLASS) on method "
          + context.getRequiredTestMethod().getName() + ": scope CLASS belongs on the class");
    }
    Optional<LeakCheck> a = onMethod.isPresent() ? onMethod : onClass;
    if (a.isEmpty()) {
      return new Settings(true, LeakCheck.Scope.METHOD, LeakOptions.defaults());
    }
    LeakCheck c = a.get();
    String where = "@LeakCheck on " + context.getRequiredTestClass().getName()
        + context.getTestMethod().filter(m -> onMethod.isPresent()).map(m -> "." + m.getName()).orElse("");
    LeakOptions o = LeakOptions.defaults();
    try {
      if (c.lingerMillis() < 0) {
        throw new IllegalArgumentException("lingerMillis must not be negative, was " + c.lingerMillis());
      }
      o = o.linger(Duration.ofMillis(c.lingerMillis()));
      for (String f : c.ignoreTopFrames()) {
        o = o.ignoreTopFrame(f);
      }
      for (String f : c.ignoreAnyFrames()) {
        o = o.ignoreAnyFrame(f);
      }
      for (String n : c.ignoreThreadNames()) {
        o = o.ignoreThreadName(n);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
    }
    LeakCheck.Scope scope = onClass.map(LeakCheck::scope).orElse(LeakCheck.Scope.METHOD);
    return new Settings(c.enabled(), scope, o);
  }

  private static Optional<LeakCheck> find(AnnotatedElement e) {
    return AnnotationSupport.findAnnotation(e, LeakCheck.class);
  }
}
