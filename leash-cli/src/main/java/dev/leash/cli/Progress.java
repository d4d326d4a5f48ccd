package dev.leash.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/** A one-line progress bar on stderr, drawn only when stderr is an interactive terminal (never when piped). */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean enabled;
  private int lastPercent = -1;

  private Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  static Progress onTerminal(PrintWriter err) {
    return new Progress(err, interactive());
  }

  /** True when the JVM has a console attached to a terminal (JDK 22+ reports redirection via isTerminal()). */
  static boolean interactive() {
    Console c = System.console();
    if (c == null || System.getenv("NO_PROGRESS") != null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  synchronized void update(int done, int total) {
    if (!enabled || total == 0) {
      return;
    }
    int percent = (int) (done * 100L / total);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% " + done + "/" + total);
    err.flush();
  }

  synchronized void finish() {
    if (enabled && lastPercent >= 0) {
      err.print("\r" + " ".repeat(WIDTH + 30) + "\r");
      err.flush();
    }
  }
}
