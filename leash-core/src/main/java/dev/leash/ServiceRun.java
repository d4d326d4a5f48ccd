package dev.leash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The runtime of one component of a {@link ServiceGroup}. Fields marked "group lock" are read and written under the
 * group's lock; the rest are written by one thread before a latch or the lock publishes them.
 */
final class ServiceRun {
  final String name;
  final Service service;
  final List<String> dependsOn;
  final List<ServiceRun> deps = new ArrayList<>();
  final List<ServiceRun> dependents = new ArrayList<>();
  final CountDownLatch drainDone = new CountDownLatch(1);

  // Group lock:
  Thread thread;
  CancellableContext ctx;
  boolean ready;
  boolean ended;
  boolean cancelled;
  long cancelledAt;
  long endedAt;
  Throwable failure;

  // Written by the drain thread; volatile because the stopper may read them after the drain budget is spent:
  volatile Thread drainThread;
  volatile long drainStart;
  volatile long drainEnd;
  volatile Throwable drainFailure;

  ServiceRun(String name, Service service, List<String> dependsOn) {
    this.name = name;
    this.service = service;
    this.dependsOn = List.copyOf(dependsOn);
  }

  boolean started() {
    return thread != null;
  }

  /** This component's row of a shutdown report. Caller holds the group lock. */
  ShutdownReport.Component reportRow(long drainDeadline, long now) {
    if (!started()) {
      return new ShutdownReport.Component(name, false, null, false, null, true, failure, null, List.of());
    }
    long ds = drainStart;
    long de = drainEnd;
    Duration drainTime = ds == 0 ? null : Duration.ofNanos((de == 0 ? now : de) - ds);
    boolean drained = de != 0 && de <= drainDeadline;
    Thread dt = drainThread;
    Duration stopTime = ended && cancelled && endedAt >= cancelledAt ? Duration.ofNanos(endedAt - cancelledAt) : null;
    List<ShutdownReport.Straggler> stragglers = new ArrayList<>();
    if (!ended) {
      stragglers.add(capture(thread));
    }
    if (dt != null && dt.isAlive() && drainDone.getCount() > 0) {
      stragglers.add(capture(dt));
    }
    return new ShutdownReport.Component(name, true, drainTime, drained, stopTime, stragglers.isEmpty(), failure,
        drainFailure, stragglers);
  }

  private static ShutdownReport.Straggler capture(Thread t) {
    return new ShutdownReport.Straggler(t.getName(), t.getState(), Arrays.asList(t.getStackTrace()));
  }
}
