package dev.leash;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** The registry behind {@link Leash#tasks()}: owners with live tasks, and the count of Leash's virtual threads. */
final class Owners {
  private static final Map<Object, Supplier<OwnerInfo>> LIVE = new ConcurrentHashMap<>();
  /** Virtual threads started by Leash owners and not yet ended. */
  static final LongAdder VIRTUAL_THREADS = new LongAdder();

  private Owners() {}

  static void register(Object owner, Supplier<OwnerInfo> snapshot) {
    LIVE.put(owner, snapshot);
  }

  static void unregister(Object owner) {
    LIVE.remove(owner);
  }

  /** Whether {@code owner} is registered; for tests. */
  static boolean isRegistered(Object owner) {
    return LIVE.containsKey(owner);
  }

  static Iterable<Supplier<OwnerInfo>> live() {
    return LIVE.values();
  }
}
