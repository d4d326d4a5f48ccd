package dev.leash.junit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * What {@link LeakCheckExtension} does on Java 21+: keeps a baseline of live thread ids before each class and each
 * test and checks against it afterwards, with the suite's configuration ({@link SuiteConfig}) under the annotation's.
 */
final class JupiterLeakCheck implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheckExtension.class);
  private static final AtomicBoolean PARALLEL_NOTICE = new AtomicBoolean();

  JupiterLeakCheck() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    SuiteConfig suite = suite(context);
    if (suite.spawnSites() && checksOn(context)) {
      Spawns.ensureStarted();
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
    Set<Long> known = new HashSet<>(baseline);
    known.addAll(SuiteThreads.all());
    LeakedThreadsError e = Detector.check(known, s.options(), what, s.scope(context));
    if (e != null) {
      reported(context).addAll(e.groups().stream().flatMap(g -> g.threadIds().stream()).toList());
      report(e, s);
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
    known.addAll(SuiteThreads.all());
    String what = context.getRequiredTestClass().getSimpleName()
        + (s.scope() == LeakCheck.Scope.CLASS ? "" : " (class setup: @BeforeAll, @AfterAll or static state)");
    LeakedThreadsError e = Detector.check(known, s.options(), what, s.scope(context));
    if (e != null) {
      report(e, s);
    }
  }

  /** Throws a failing report (fail mode), prints the rest; surefire keeps what a test prints in its XML. */
  private static void report(LeakedThreadsError e, Settings s) {
    if (e.fails() && s.fail()) {
      throw e;
    }
    System.err.println("leash: " + e.getMessage());
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

  /** The suite's configuration, read once per run (cached in the root store). */
  static SuiteConfig suite(ExtensionContext context) {
    return context.getRoot().getStore(NS).getOrComputeIfAbsent("suite-config", k -> {
      try {
        return SuiteConfig.read(context::getConfigurationParameter);
      } catch (IllegalArgumentException e) {
        throw new ExtensionConfigurationException(e.getMessage(), e);
      }
    }, SuiteConfig.class);
  }

  record Settings(boolean enabled, LeakCheck.Scope scope, LeakOptions options, boolean fail, SuiteConfig suite) {
    Detector.Scope scope(ExtensionContext context) {
      List<String> app = new ArrayList<>(suite.applicationPackages());
      if (app.isEmpty()) {
        context.getTestClass().map(Class::getPackageName).filter(p -> !p.isEmpty()).ifPresent(app::add);
      }
      return new Detector.Scope(app, suite.suiteScoped(), context.getTestClass().orElse(null));
    }
  }

  /** The method's annotation wins over the class's, which wins over the suite's configuration. */
  static Settings settings(ExtensionContext context) {
    SuiteConfig suite = suite(context);
    Optional<LeakCheck> onMethod = context.getTestMethod().flatMap(m -> find(m));
    Optional<LeakCheck> onClass = context.getTestClass().flatMap(c -> find(c));
    if (onMethod.isPresent() && onMethod.get().scope() == LeakCheck.Scope.CLASS) {
      throw new ExtensionConfigurationException("@LeakCheck(scope = CLASS) on method "
          + context.getRequiredTestMethod().getName() + ": scope CLASS belongs on the class");
    }
    LeakCheck.Scope suiteScope = suite.classScope() ? LeakCheck.Scope.CLASS : LeakCheck.Scope.METHOD;
    Optional<LeakCheck> a = onMethod.isPresent() ? onMethod : onClass;
    if (a.isEmpty()) {
      return new Settings(true, suiteScope, suite.options(), suite.failOnLeak(), suite);
    }
    String where = "@LeakCheck on " + context.getRequiredTestClass().getName()
        + context.getTestMethod().filter(m -> onMethod.isPresent()).map(m -> "." + m.getName()).orElse("");
    LeakOptions o;
    try {
      o = suite.options().plus(options(a.get(), suite.linger()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
    }
    LeakCheck.Scope scope = onClass.map(LeakCheck::scope).orElse(suiteScope);
    return new Settings(a.get().enabled(), scope, o, suite.failOnLeak(), suite);
  }

  /** The annotation's options; its linger, or {@code suiteLinger} when it has none (-1). */
  static LeakOptions options(LeakCheck c, Duration suiteLinger) {
    if (c.lingerMillis() < -1) {
      throw new IllegalArgumentException("lingerMillis must not be negative, was " + c.lingerMillis());
    }
    LeakOptions o = LeakOptions.defaults()
        .linger(c.lingerMillis() == -1 ? suiteLinger : Duration.ofMillis(c.lingerMillis()));
    for (String f : c.ignoreTopFrames()) {
      o = o.ignoreTopFrame(f);
    }
    for (String f : c.ignoreAnyFrames()) {
      o = o.ignoreAnyFrame(f);
    }
    for (String f : c.ignoreSpawnSites()) {
      o = o.ignoreSpawnSite(f);
    }
    for (String n : c.ignoreThreadNames()) {
      o = o.ignoreThreadName(n);
    }
    return c.prove() ? o.proof(LeakOptions.Proof.AT_ONCE) : o;
  }

  private static Optional<LeakCheck> find(AnnotatedElement e) {
    return AnnotationSupport.findAnnotation(e, LeakCheck.class);
  }
}
