package dev.leash.junit;

import dev.leash.triage.LeakPattern;
import dev.leash.triage.StackGroup;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line on what to do about a leaked group, in the user's terms first (the JDK object to shut down or close, the
 * object whose constructor started the thread) and Leash's second.
 */
final class Advice {
  private static final Pattern POOL = Pattern.compile("(pool-\\d+)-thread-\\d+");

  private Advice() {}

  /** Whether the group only waits with a timeout it will give up after (and its thread then ends or moves on). */
  static boolean timedWait(StackGroup g) {
    if (g.state() != Thread.State.TIMED_WAITING) {
      return false;
    }
    if (has(g.stack(), "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take")
        || has(g.stack(), "java.util.TimerThread.mainLoop")) {
      return false; // a scheduler sleeping until its next task: it never gives up
    }
    return g.pattern() == LeakPattern.ORPHANED_CONSUMER || g.pattern() == LeakPattern.ABANDONED_PRODUCER
        || (g.pattern() == LeakPattern.IDLE_EXECUTOR && has(g.stack(), "java.util.concurrent.ThreadPoolExecutor.getTask"));
  }

  /** The advice for {@code g}, whose threads were started as {@code spawn} (null when unknown). */
  static String of(StackGroup g, Spawns.Spawn spawn) {
    String name = g.threadNames().isEmpty() ? "the thread" : g.threadNames().get(0);
    Matcher m = POOL.matcher(name);
    String owner = m.matches() ? m.group(1) : "'" + name + "'";
    String site = spawn != null ? spawn.site() : null;
    String creator = creator(site, spawn != null ? spawn.constructor() : null);
    String leash = g.advice().isEmpty() ? "" : " (Leash: " + g.advice() + ")";
    List<String> stack = g.stack();
    if (has(stack, "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take")) {
      String kind = "";
      String leashNote = leash;
      if (spawn != null && (spawn.calls("java.util.concurrent.ScheduledThreadPoolExecutor.scheduleAtFixedRate")
          || spawn.calls("java.util.concurrent.ScheduledThreadPoolExecutor.scheduleWithFixedDelay"))) {
        kind = " It was started for a periodic task, which repeats until the executor is shut down.";
      } else if (spawn != null && spawn.calls("java.util.concurrent.ScheduledThreadPoolExecutor.schedule")) {
        kind = " It was started for a one-shot delayed task: the task runs once, but the worker waits for more until"
            + " the executor is shut down.";
        leashNote = " (Leash: an ExecutorService is AutoCloseable: close it with the object that owns it)";
      }
      return "shut down the ScheduledExecutorService that owns " + owner + " (shutdownNow() or close() when the test"
          + " ends" + creator + ")." + kind + leashNote;
    }
    if (has(stack, "java.util.concurrent.ThreadPoolExecutor.getTask")) {
      String keepAlive = g.state() == Thread.State.TIMED_WAITING
          ? " This idle worker gives up after the pool's keep-alive time (60 s for a cached pool) and ends by itself."
          : "";
      return "shut down the executor that owns " + owner + " (shutdown() or close() when the test ends" + creator
          + ")." + keepAlive + leash;
    }
    if (has(stack, "java.util.concurrent.ForkJoinWorkerThread.run")) {
      return "shut down the ForkJoinPool that owns " + owner + " (shutdown() or close() when the test ends" + creator
          + ")." + leash;
    }
    if (has(stack, "java.util.TimerThread.mainLoop")) {
      return "cancel the java.util.Timer that owns " + owner + " (timer.cancel() when the test ends" + creator + ")."
          + leash;
    }
    String top = g.top().isEmpty() ? "its current call" : g.top();
    if (timedWait(g)) {
      return "waits with a timeout in " + top + ": it gives up after its own timeout, so it is not counted as a leak"
          + " (it is reported at the end of the run if it outlives that); to end it with the test, stop or close"
          + " whatever it waits for" + creator + "." + leash;
    }
    return switch (g.pattern()) {
      case ORPHANED_CONSUMER -> "nothing will wake " + owner + " in " + top + ": when the test ends, close or stop the"
          + " object that owns it (the one whose field holds the queue, latch or future it waits on" + creator
          + "), or interrupt the thread and join it." + leash;
      case ABANDONED_PRODUCER -> owner + " waits in " + top + " to hand over a value nobody will take: close or drain"
          + " its owner when the test ends" + creator + ", or hand over with a timeout." + leash;
      case STUCK_IO -> owner + " is blocked in I/O with no timeout (" + top + "): close the socket or stream when the"
          + " test ends (that ends the read)" + creator + ", and set a read timeout." + leash;
      case UNSTOPPED_SCHEDULER -> owner + " repeats work in a loop nobody stops: give it a stop signal (interrupt or a"
          + " flag) and join it when the test ends" + creator + "." + leash;
      default -> g.advice() + (creator.isEmpty() ? "" : " (" + creator.substring(2) + ")");
    };
  }

  /**
   * {@code "; close the HikariPool whose constructor started it"} when a constructor of application or library code
   * is on the spawn stack (the object to close), else {@code "; it was started by SITE"}, or "" when unknown.
   */
  private static String creator(String site, String constructor) {
    if (constructor != null) {
      int paren = constructor.indexOf('(');
      String q = paren < 0 ? constructor : constructor.substring(0, paren);
      String cls = q.substring(0, q.lastIndexOf('.'));
      String simple = cls.substring(cls.lastIndexOf('.') + 1).replace('$', '.');
      String clause = "; close the " + simple + " whose constructor started it";
      return site != null && !site.equals(constructor) ? clause + " (in " + site + ")" : clause;
    }
    return site == null ? "" : "; it was started by " + site;
  }

  private static boolean has(List<String> stack, String prefix) {
    for (String f : stack) {
      if (f.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
