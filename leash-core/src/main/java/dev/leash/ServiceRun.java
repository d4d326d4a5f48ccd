package dev.leash;

import java.util.ArrayList;
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
}
