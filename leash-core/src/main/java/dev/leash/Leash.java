package dev.leash;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Introspection of the threads Leash owns: which owners have live tasks, and how many threads are alive. Used by the
 * leak check, {@code leash watch} and metrics.
 */
public final class Leash {
  private Leash() {}

  /**
   * A snapshot of every owner (task group, loop, pool) that has live tasks, each with its tasks. With
   * {@code -Dleash.spawnSites=true} each task names the line that started it.
   */
  public static List<OwnerInfo> tasks() {
    List<OwnerInfo> out = new ArrayList<>();
    for (Supplier<OwnerInfo> s : Owners.live()) {
      OwnerInfo info = s.get();
      if (!info.tasks().isEmpty()) {
        out.add(info);
      }
    }
    return out;
  }

  /**
   * Live platform threads of this JVM (as {@code ThreadMXBean.getThreadCount()}) plus live virtual threads started by
   * Leash owners. Virtual threads started elsewhere are not counted: the JDK does not count them cheaply.
   */
  public static long threadCount() {
    return ManagementFactory.getThreadMXBean().getThreadCount() + Owners.VIRTUAL_THREADS.sum();
  }

  /** Live virtual threads started by Leash owners. */
  public static long virtualThreadCount() {
    return Owners.VIRTUAL_THREADS.sum();
  }
}
