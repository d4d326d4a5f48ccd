package dev.leash.junit;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spawn sites of tasks run by Leash's own owners ({@code TaskGroup}, {@code Loop}, ...), read from
 * {@code dev.leash.Leash.tasks()} when leash-core is on the class path at run time. leash-junit does not depend on
 * leash-core at build time (leash-core runs its own tests under this check), so the call goes by name.
 */
final class LeashOwners {
  private static final Method TASKS = find();

  private LeashOwners() {}

  private static Method find() {
    try {
      return Class.forName("dev.leash.Leash", true, LeashOwners.class.getClassLoader()).getMethod("tasks");
    } catch (ReflectiveOperationException | LinkageError absent) {
      return null;
    }
  }

  /** Thread id to spawn for every live Leash task; empty when leash-core is absent. */
  static Map<Long, Spawns.Spawn> spawns() {
    Map<Long, Spawns.Spawn> out = new HashMap<>();
    if (TASKS == null) {
      return out;
    }
    try {
      for (Object owner : (List<?>) TASKS.invoke(null)) {
        String kind = String.valueOf(call(owner, "kind"));
        String name = String.valueOf(call(owner, "name"));
        for (Object task : (List<?>) call(owner, "tasks")) {
          long id = (Long) call(task, "threadId");
          Object site = call(task, "spawnSite");
          String frame = site != null ? site.toString() : "a " + kind + " named " + name;
          out.put(id, new Spawns.Spawn(-1, List.of(frame)));
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return out; // another leash-core version; spawn sites from JFR remain
    }
    return out;
  }

  private static Object call(Object target, String accessor) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(accessor);
    return m.invoke(target);
  }
}
