package dev.leash;

import java.security.CodeSource;
import java.util.Optional;

/**
 * Captures where a task was started, when {@code -Dleash.spawnSites=true}: the first frame outside leash-core. Off by
 * default because walking the stack costs about a microsecond per task.
 */
final class SpawnSites {
  static final boolean ENABLED = Boolean.getBoolean("leash.spawnSites");
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final CodeSource CORE = SpawnSites.class.getProtectionDomain().getCodeSource();

  private SpawnSites() {}

  /** The caller's spawn site, or null when capture is off. */
  static String capture() {
    if (!ENABLED) {
      return null;
    }
    Optional<StackWalker.StackFrame> frame =
        WALKER.walk(s -> s.filter(f -> !isCore(f.getDeclaringClass())).findFirst());
    return frame.map(f -> f.toStackTraceElement().toString()).orElse(null);
  }

  private static boolean isCore(Class<?> c) {
    return c.getPackageName().equals("dev.leash")
        && CORE != null
        && CORE.equals(c.getProtectionDomain().getCodeSource());
  }
}
