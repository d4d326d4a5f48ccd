package dev.leash;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT/SIGTERM into a call of {@code onSignal}. With {@code sun.misc.Signal} (module jdk.unsupported) the
 * JVM's own handlers are replaced, so the JVM does not start exiting: the caller shuts down and decides the exit
 * code. Without it (module missing, {@code -Xrs}, or {@code -Dleash.signals=hook}) a shutdown hook is used: the JVM is
 * already exiting when it runs, so the hook blocks until {@link #finished()} is called (or {@code holdMillis}
 * passes), and the JVM then exits with the signal's status (130 for SIGINT, 143 for SIGTERM).
 */
final class SignalWaiter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.leash.ServiceGroup");

  private final List<Runnable> restore = new ArrayList<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean exiting;
  private Thread hook;
  private final boolean usesSignals;

  private SignalWaiter(Runnable onSignal, String name, long holdMillis) {
    boolean signals = !"hook".equals(System.getProperty("leash.signals"));
    if (signals) {
      try {
        for (String sig : new String[] {"INT", "TERM"}) {
          restore.add(SignalHandlers.install(sig, onSignal));
        }
      } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
        LOG.log(System.Logger.Level.DEBUG, "sun.misc.Signal unavailable, using a shutdown hook: " + e);
        close();
        signals = false;
      }
    }
    this.usesSignals = signals;
    if (!signals) {
      hook = new Thread(() -> {
        exiting = true;
        onSignal.run();
        try {
          finished.await(holdMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, name + "/shutdown-hook");
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }

  static SignalWaiter install(Runnable onSignal, String name, long holdMillis) {
    return new SignalWaiter(onSignal, name, holdMillis);
  }

  boolean usesSignals() {
    return usesSignals;
  }

  /** Whether the shutdown hook ran: the JVM is exiting (and {@code java.util.logging} has been reset). */
  boolean exiting() {
    return exiting;
  }

  /** The shutdown is over: a waiting shutdown hook may return. */
  void finished() {
    finished.countDown();
  }

  @Override
  public void close() {
    for (Runnable r : restore) {
      r.run();
    }
    restore.clear();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is exiting: the hook is running and ends on finished().
      }
    }
  }

  /** Isolates the {@code sun.misc} references so that a JVM without them fails with a LinkageError here. */
  private static final class SignalHandlers {
    static Runnable install(String name, Runnable onSignal) {
      sun.misc.Signal signal = new sun.misc.Signal(name);
      sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> onSignal.run());
      return () -> sun.misc.Signal.handle(signal, previous);
    }
  }
}
