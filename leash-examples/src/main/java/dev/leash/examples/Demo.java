package dev.leash.examples;

import dev.leash.Leash;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collection;

/** Small helpers the example runners share: argument parsing and counting live threads. */
public final class Demo {
  private Demo() {}

  /**
   * The {@code index}-th argument as a positive int, or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException naming {@code what} if the argument is not a positive integer
   */
  public static int intArg(String[] args, int index, String what, int fallback) {
    if (args.length <= index) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(args[index]);
      if (v < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, was " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, was '" + args[index] + "'");
    }
  }

  /** How many of {@code threads} are alive. */
  public static long alive(Collection<Thread> threads) {
    return threads.stream().filter(Thread::isAlive).count();
  }

  /**
   * Sleeps {@code d}: the example's observation window (giving leaked threads a chance to end), not a
   * synchronisation.
   *
   * @throws InterruptedException if interrupted
   */
  public static void observe(Duration d) throws InterruptedException {
    Thread.sleep(d);
  }

  /** How many live tasks Leash lists for owners (groups, loops, pools) named {@code name}. */
  public static long liveTasks(String name) {
    return Leash.tasks().stream().filter(o -> o.name().equals(name)).mapToLong(o -> o.tasks().size()).sum();
  }

  /** Prints a section heading. */
  public static void heading(PrintWriter out, String text) {
    out.println();
    out.println("== " + text);
  }
}
