package dev.leash.junit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * What {@link SuiteLeakCheck} does on Java 21+.
 *
 * <ul>
 *   <li>Per test and per class, for every engine but Jupiter (whose extension checks its own tests; Jupiter tests are
 *       checked here only when the extension is not registered and {@code leash.leakcheck.enabled=true}): new
 *       threads are those absent when the test (class) started; a sequential engine runs one test at a time, so they
 *       are the test's. Reports name the test and class; in fail mode {@link ReportEngine} turns them into failed
 *       tests, otherwise they are printed.</li>
 *   <li>At the end of the run: threads absent when it started and not reported yet (printed), and the suite's own
 *       threads (started from static initializers or class setup) still alive, once.</li>
 * </ul>
 * Active when {@code leash.leakcheck.enabled=true}, or when it is unset and JUnit's extension autodetection is on or
 * the class carries {@link LeakCheck}.
 */
final class PlatformLeakCheck implements TestExecutionListener {
  private static final String JUPITER = "junit-jupiter";
  private static final AtomicBoolean ORDER_NOTICE = new AtomicBoolean();
  private static final AtomicBoolean PARALLEL_NOTICE = new AtomicBoolean();

  private SuiteConfig config;
  private boolean autodetect;
  private boolean vintageParallel;
  private boolean jupiterParallel;
  private boolean engineLast;
  private List<String> testPackages = List.of();
  private Set<Long> runBaseline;
  private final Map<String, Set<Long>> baselines = new ConcurrentHashMap<>();
  private final Set<Long> reported = ConcurrentHashMap.newKeySet();
  /** Threads reported in a timed wait: not reported again by a class check, but by the end-of-run check if alive. */
  private final Set<Long> timed = ConcurrentHashMap.newKeySet();

  PlatformLeakCheck() {}

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    Blames.planStarted();
    ConfigurationParameters p = plan.getConfigurationParameters();
    try {
      config = SuiteConfig.read(p::get);
    } catch (IllegalArgumentException e) {
      config = null;
      System.err.println("leash: " + e.getMessage() + " (in junit-platform.properties or a system property);"
          + " leak checks are off in this run.");
      Blames.add(new Blames.Blame("leash.leakcheck", "configuration", e));
      return;
    }
    if (Boolean.FALSE.equals(config.enabled())) {
      config = null;
      return;
    }
    autodetect = p.getBoolean("junit.jupiter.extensions.autodetection.enabled").orElse(false);
    jupiterParallel = p.getBoolean("junit.jupiter.execution.parallel.enabled").orElse(false);
    vintageParallel = p.getBoolean("junit.vintage.execution.parallel.enabled").orElse(false);
    List<TestIdentifier> roots = new ArrayList<>(plan.getRoots());
    engineLast = !roots.isEmpty() && engine(roots.get(roots.size() - 1)).equals(LeakCheckEngine.ID);
    Set<String> packages = new LinkedHashSet<>();
    boolean any = false;
    for (TestIdentifier root : roots) {
      for (TestIdentifier t : plan.getDescendants(root)) {
        String cls = className(t);
        if (cls != null) {
          int dot = cls.lastIndexOf('.');
          if (dot > 0) {
            packages.add(cls.substring(0, dot));
          }
          any |= !engine(t).equals(LeakCheckEngine.ID) && active(t);
        }
      }
    }
    testPackages = List.copyOf(packages);
    if (!any) {
      config = null;
      return;
    }
    if (config.spawnSites()) {
      Spawns.ensureStarted();
    }
    if (config.endOfRun()) {
      runBaseline = Detector.liveIds();
    }
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    if (config == null) {
      return;
    }
    boolean test = id.isTest();
    boolean cls = !test && id.getSource().filter(ClassSource.class::isInstance).isPresent();
    if ((test || cls) && handles(id) && (cls || !classScoped(id))) {
      baselines.put(id.getUniqueId(), Detector.liveIds());
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (config == null) {
      return;
    }
    Set<Long> baseline = baselines.remove(id.getUniqueId());
    if (baseline == null) {
      return;
    }
    String cls = className(id);
    String method = id.isTest() ? methodName(id) : null;
    Class<?> type = load(cls);
    Optional<LeakCheck> annotation = annotation(type, method);
    if (annotation.isPresent() && !annotation.get().enabled()) {
      return;
    }
    LeakOptions options;
    try {
      options = annotation.map(a -> config.options().plus(JupiterLeakCheck.options(a, config.linger())))
          .orElse(config.options());
    } catch (IllegalArgumentException e) {
      deliver(new IllegalArgumentException("@LeakCheck on " + cls + ": " + e.getMessage(), e), cls, method, true);
      return;
    }
    String simple = cls.substring(cls.lastIndexOf('.') + 1);
    String what = id.isTest() ? simple + "." + (method != null ? method : id.getDisplayName()) + "()"
        : simple + (classScoped(id) ? "" : " (class setup: @BeforeClass, @AfterClass or static state)");
    Set<Long> known = new HashSet<>(baseline);
    known.addAll(reported);
    known.addAll(timed);
    known.addAll(SuiteThreads.all());
    LeakedThreadsError e = Detector.check(known, options, what, scope(config, type));
    if (e == null) {
      return;
    }
    e.groups().forEach(g -> g.threadIds().forEach(t -> (e.timedIds().contains(t) ? timed : reported).add(t)));
    deliver(e, cls, method, e.fails() && config.failOnLeak());
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (config == null) {
      return;
    }
    SuiteConfig c = config;
    config = null;
    baselines.clear();
    timed.clear();
    if (runBaseline != null) {
      Set<Long> known = new HashSet<>(runBaseline);
      known.addAll(reported);
      known.addAll(SuiteThreads.all());
      runBaseline = null;
      LeakedThreadsError e = Detector.check(known, c.options(), "the test run", scope(c, null));
      if (e != null) {
        System.err.println("leash: " + e.getMessage());
      }
    }
    Set<Long> suite = SuiteThreads.unreported();
    if (!suite.isEmpty()) {
      SuiteThreads.reported(suite);
      Map<Long, Spawns.Spawn> spawns = Spawns.known();
      List<String> lines = new ArrayList<>();
      for (Thread t : LiveThreads.platform().values()) {
        if (suite.contains(t.threadId()) && t.isAlive()) {
          Spawns.Spawn s = spawns.get(t.threadId());
          lines.add("  " + t.getName() + (s != null && s.site() != null ? ", started by " + s.site() : ""));
        }
      }
      if (!lines.isEmpty()) {
        System.err.println("leash: " + lines.size() + " thread(s) started by suite setup (a static initializer,"
            + " @BeforeAll or @BeforeClass) are still alive at the end of the run; they belong to the run, no test"
            + " is blamed:\n" + String.join("\n", lines));
      }
    }
  }

  /** Prints the report, or queues it for {@link ReportEngine} when it should fail and the engine still runs. */
  private void deliver(Throwable e, String cls, String method, boolean fail) {
    if (fail && engineLast && !Blames.engineRan()) {
      Blames.add(new Blames.Blame(cls, method, e));
      return;
    }
    if (fail && ORDER_NOTICE.compareAndSet(false, true)) {
      System.err.println("leash: a leak can only be printed, not failed: the leak-check engine ("
          + LeakCheckEngine.ID + ") " + (engineLast ? "already ran" : "runs before the other test engines")
          + "; put leash-junit after junit-vintage-engine (and the other engines) in the test dependencies.");
    }
    System.err.println("leash: " + e.getMessage());
  }

  private Detector.Scope scope(SuiteConfig c, Class<?> testClass) {
    return new Detector.Scope(c.applicationPackages().isEmpty() ? testPackages : c.applicationPackages(),
        c.suiteScoped(), testClass);
  }

  /** Whether the checks apply to this test or class at all (before its own annotation's enabled flag). */
  private boolean active(TestIdentifier id) {
    String engine = engine(id);
    Optional<LeakCheck> a = annotation(load(className(id)), null);
    if (engine.equals(JUPITER)) {
      return !autodetect && a.isEmpty() && Boolean.TRUE.equals(config.enabled()) && !jupiterParallel;
    }
    boolean on = Boolean.TRUE.equals(config.enabled()) || (config.enabled() == null && (autodetect || a.isPresent()));
    if (on && vintageParallel) {
      if (PARALLEL_NOTICE.compareAndSet(false, true)) {
        System.err.println("leash: parallel test execution is on (junit.vintage.execution.parallel.enabled), so"
            + " leaked threads cannot be attributed to one test; @LeakCheck and per-test checks are not honoured"
            + " and the check at the end of the run remains.");
      }
      return false;
    }
    return on;
  }

  private boolean handles(TestIdentifier id) {
    return className(id) != null && !engine(id).equals(LeakCheckEngine.ID) && active(id);
  }

  private boolean classScoped(TestIdentifier id) {
    Optional<LeakCheck> a = annotation(load(className(id)), null);
    return a.map(x -> x.scope() == LeakCheck.Scope.CLASS).orElse(config.classScope());
  }

  private static String engine(TestIdentifier id) {
    return UniqueId.parse(id.getUniqueId()).getEngineId().orElse("");
  }

  private static String className(TestIdentifier id) {
    TestSource s = id.getSource().orElse(null);
    if (s instanceof MethodSource m) {
      return m.getClassName();
    }
    if (s instanceof ClassSource c) {
      return c.getClassName();
    }
    return null;
  }

  private static String methodName(TestIdentifier id) {
    return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
        .orElse(null);
  }

  private static final Map<String, Optional<Class<?>>> CLASSES = new ConcurrentHashMap<>();

  private static Class<?> load(String name) {
    if (name == null) {
      return null;
    }
    return CLASSES.computeIfAbsent(name, n -> {
      try {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return Optional.of(Class.forName(n, false, l != null ? l : PlatformLeakCheck.class.getClassLoader()));
      } catch (ReflectiveOperationException | LinkageError e) {
        return Optional.empty();
      }
    }).orElse(null);
  }

  /** The method's annotation, else the class's (inherited ones included). */
  private static Optional<LeakCheck> annotation(Class<?> type, String method) {
    if (type == null) {
      return Optional.empty();
    }
    if (method != null) {
      try {
        for (java.lang.reflect.Method m : type.getMethods()) {
          if (m.getName().equals(method) && m.isAnnotationPresent(LeakCheck.class)) {
            return Optional.of(m.getAnnotation(LeakCheck.class));
          }
        }
      } catch (LinkageError ignored) {
        // methods that cannot be resolved: fall back to the class's annotation
      }
    }
    return Optional.ofNullable(type.getAnnotation(LeakCheck.class));
  }
}
