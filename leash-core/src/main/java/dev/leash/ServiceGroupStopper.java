package dev.leash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
    List<ServiceRun> started = new ArrayList<>();
    ReentrantLock lock = g.lock();
    lock.lock();
    try {
      for (ServiceRun r : g.runs()) {
        if (r.started()) {
          started.add(r);
        } else {
          r.drainDone.countDown();
        }
      }
    } finally {
      lock.unlock();
    }
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
    lock.lock();
    try {
      for (;;) {
        boolean allEnded = true;
        boolean ordered = MonoClock.now() < orderedUntil;
        for (ServiceRun r : started) {
          if (!r.cancelled && (!ordered || r.dependents.stream().allMatch(d -> !d.started() || d.ended))) {
            cancel(r);
          }
          allEnded &= r.ended;
        }
        long now = MonoClock.now();
        long left = d2 - now;
        if (allEnded || left <= 0) {
          break;
        }
        if (ordered) {
          left = Math.min(left, Math.max(1, orderedUntil - now));
        }
        try {
          g.changed().awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      lock.unlock();
    }
    CancellableContext ctx = g.context();
    if (ctx != null) {
      ctx.cancel();
    }
    // Threads whose body or drain has returned are finishing their last steps: wait for them to be gone, so that a
    // clean report means no thread of the group is left.
    long joinUntil = Math.max(d2, MonoClock.now() + GRACE_NANOS);
    for (ServiceRun r : started) {
      boolean ended;
      lock.lock();
      try {
        ended = r.ended;
      } finally {
        lock.unlock();
      }
      if (ended) {
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

  private void join(Thread t, long until) {
    for (;;) {
      long left = until - MonoClock.now();
      if (left <= 0) {
        return;
      }
      try {
        t.join(Duration.ofNanos(left));
        return;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }

  private void cancel(ServiceRun r) {
    r.cancelled = true;
    r.cancelledAt = MonoClock.now();
    r.ctx.cancel();
  }

  private void drain(ServiceRun r, long d1) {
    try {
      for (ServiceRun d : r.dependents) {
        await(d.drainDone, d1);
      }
      boolean ended;
      g.lock().lock();
      try {
        ended = r.ended;
      } finally {
        g.lock().unlock();
      }
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

  private void await(CountDownLatch latch, long until) {
    for (;;) {
      try {
        latch.await(Math.max(0, until - MonoClock.now()), TimeUnit.NANOSECONDS);
        return;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }

  private ShutdownReport report(long t0, long d1) {
    List<ShutdownReport.Component> out = new ArrayList<>();
    long now = MonoClock.now();
    g.lock().lock();
    try {
      for (ServiceRun r : g.runs()) {
        if (!r.started()) {
          out.add(new ShutdownReport.Component(r.name, false, null, false, null, true, r.failure, null, List.of()));
          continue;
        }
        long ds = r.drainStart;
        long de = r.drainEnd;
        Duration drainTime = ds == 0 ? null : Duration.ofNanos((de == 0 ? now : de) - ds);
        boolean drained = de != 0 && de <= d1;
        Thread dt = r.drainThread;
        Duration stopTime = r.ended && r.cancelled && r.endedAt >= r.cancelledAt
            ? Duration.ofNanos(r.endedAt - r.cancelledAt) : null;
        List<ShutdownReport.Straggler> stragglers = new ArrayList<>();
        if (!r.ended) {
          stragglers.add(capture(r.thread));
        }
        if (dt != null && dt.isAlive() && r.drainDone.getCount() > 0) {
          stragglers.add(capture(dt));
        }
        out.add(new ShutdownReport.Component(r.name, true, drainTime, drained, stopTime,
            stragglers.isEmpty(), r.failure, r.drainFailure, stragglers));
      }
    } finally {
      g.lock().unlock();
    }
    return new ShutdownReport(g.groupName(), g.drainBudget(), g.stopBudget(), Duration.ofNanos(now - t0), out);
  }

  private static ShutdownReport.Straggler capture(Thread t) {
    return new ShutdownReport.Straggler(t.getName(), t.getState(), Arrays.asList(t.getStackTrace()));
  }
}
