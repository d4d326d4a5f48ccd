package dev.leash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The two-phase shutdown of a {@link ServiceGroup}, run once by {@link ServiceGroup#shutdown()}. */
final class ServiceGroupStopper {
  private static final System.Logger LOG = System.getLogger("dev.leash.ServiceGroup");

  /** How long past the stop budget the stopper waits for threads that have already returned from their work. */
  private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ServiceGroup g;
  private boolean interrupted;

  ServiceGroupStopper(ServiceGroup g) {
    this.g = g;
  }

  ShutdownReport stop() {
    long t0 = MonoClock.now();
    long d1 = MonoClock.after(g.drainBudget());
    List<ServiceRun> started = g.startedForStop();
    // Phase one: drain, dependents first, independent components in parallel.
    for (ServiceRun r : started) {
      Thread t = g.newThread(r.name + "/drain", () -> drain(r, d1), true);
      r.drainThread = t;
      t.start();
    }
    for (ServiceRun r : started) {
      await(r.drainDone, d1);
    }
    // Phase two: cancel each component once its dependents have ended; wait within the stop budget.
    // Dependency order is kept until only a fifth of the budget is left; then whatever still waits for a straggling
    // dependent is cancelled too, so that it gets a chance to stop within the budget.
    long budget = MonoClock.saturatedNanos(g.stopBudget());
    long d2 = MonoClock.after(g.stopBudget());
    long orderedUntil = d2 - budget / 5;
    if (g.cancelInOrder(started, orderedUntil, d2)) {
      interrupted = true;
    }
    g.cancelAll();
    // Threads whose body or drain has returned are finishing their last steps: wait for them to be gone, so that a
    // clean report means no thread of the group is left.
    long joinUntil = Math.max(d2, MonoClock.now() + GRACE_NANOS);
    for (ServiceRun r : started) {
      if (g.hasEnded(r)) {
        join(r.thread, joinUntil);
      }
      if (r.drainDone.getCount() == 0 && r.drainThread != null) {
        join(r.drainThread, joinUntil);
      }
    }
    ShutdownReport report = report(t0, d1);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return report;
  }

  /** Waits for {@code t} to end until {@code until} (MonoClock), even if interrupted (the flag is restored). */
  private static void join(Thread t, long until) {
    Latches.uninterruptibly(() -> {
      long left = until - MonoClock.now();
      if (left > 0) {
        t.join(Duration.ofNanos(left));
      }
    });
  }

  private void drain(ServiceRun r, long d1) {
    try {
      for (ServiceRun d : r.dependents) {
        await(d.drainDone, d1);
      }
      boolean ended = g.hasEnded(r);
      long now = MonoClock.now();
      // A component whose context is done already (the parent was cancelled) is stopping, not serving: no drain.
      if (ended || r.ctx.isDone() || now >= d1) {
        return;
      }
      r.drainStart = now;
      try (CancellableContext dctx = Context.background().withTimeout(Duration.ofNanos(d1 - now))) {
        try (Registration reg = dctx.interruptOnDone()) {
          r.service.drain(dctx);
        } catch (Throwable t) {
          if (!StopRule.obeyed(dctx, t)) {
            r.drainFailure = t;
            LOG.log(System.Logger.Level.WARNING,
                "drain of component " + r.name + " of service group " + g.groupName() + " failed: " + t, t);
          }
        }
        r.drainEnd = Math.max(MonoClock.now(), r.drainStart + 1);
      }
    } finally {
      Thread.interrupted();
      r.drainDone.countDown();
    }
  }

  /** Waits for {@code latch} until {@code until} (MonoClock), even if interrupted (the flag is restored). */
  private static void await(CountDownLatch latch, long until) {
    Latches.uninterruptibly(() -> latch.await(Math.max(0, until - MonoClock.now()), TimeUnit.NANOSECONDS));
  }

  private ShutdownReport report(long t0, long d1) {
    long now = MonoClock.now();
    return new ShutdownReport(g.groupName(), g.drainBudget(), g.stopBudget(), Duration.ofNanos(now - t0),
        g.reportRows(d1, now));
  }
}
