package dev.leash.triage;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Stack-shape rules: which frames mean "JVM thread", "blocked in I/O", "waiting to hand over", and so on. */
final class Shapes {
  private Shapes() {}

  private static final Set<String> JVM_NAMES = Set.of(
      "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "Attach Listener", "Service Thread",
      "Monitor Deflation Thread", "Notification Thread", "VirtualThread-unblocker", "MasterPoller", "Read-Poller",
      "Write-Poller", "process reaper", "leash-timer", "DestroyJavaVM", "Sweeper thread", "main",
      "Surrogate Locker Thread (Concurrent GC)", "JVMCI-native CompilerThread0", "Cleaner-0");
  private static final Pattern JVM_NAME_PATTERN = Pattern.compile(
      "(C1|C2|JVMCI|JVMCI-native) CompilerThread\\d+|JFR .*|SubPoller-\\d+|Read-Poller-\\d+|Write-Poller-\\d+"
          + "|ForkJoinPool-\\d+-worker-\\d+|ForkJoinPool\\.commonPool-worker-\\d+|ForkJoinPool-\\d+-delayScheduler"
          + "|CarrierThread.*|InnocuousThread-\\d+|Java2D Disposer|RMI .*|JMX .*|GC Thread#\\d+|G1 .*");

  /** Whether {@code name} is the name of a JVM housekeeping thread. */
  static boolean isJvmName(String name) {
    return JVM_NAMES.contains(name) || JVM_NAME_PATTERN.matcher(name).matches();
  }

  /** JVM housekeeping: a known JVM name with an all-JDK stack, or the dumping thread. */
  static boolean isJvm(SnapshotThread t, ThreadSnapshot s, TriageOptions o, int appIndex) {
    if (t.id() == s.dumperThreadId()) {
      return true;
    }
    if (appIndex >= 0 && !"main".equals(t.name())) {
      return false;
    }
    if (isJvmName(t.name())) {
      return true;
    }
    // an innocuous JDK daemon or a platform thread with no frames at all (JVM-internal)
    for (String f : t.stack()) {
      if (f.startsWith("jdk.internal.misc.InnocuousThread.run") || f.startsWith("jdk.internal.vm.Continuation.run")) {
        return true;
      }
    }
    return t.stack().isEmpty() && !t.virtual() && !Boolean.FALSE.equals(t.daemon());
  }

  private static final List<String> IO = List.of(
      "sun.nio.ch.NioSocketImpl.", "java.net.Socket$SocketInputStream.read", "sun.nio.ch.SocketChannelImpl.read",
      "sun.nio.ch.SocketDispatcher.read", "java.net.SocketInputStream.", "java.net.ServerSocket.accept",
      "sun.nio.ch.ServerSocketChannelImpl.accept", "sun.nio.ch.DatagramChannelImpl.receive",
      "java.net.DatagramSocket.receive", "java.io.FileInputStream.read", "sun.nio.ch.FileChannelImpl.read",
      "java.net.PlainSocketImpl.", "sun.nio.ch.Net.poll", "sun.nio.ch.SocketAdaptor", "sun.nio.ch.ChannelInputStream",
      "java.io.PipedInputStream.read", "sun.nio.ch.Poller.poll", "sun.nio.ch.UnixDomainSockets.accept",
      "sun.nio.ch.SelectorImpl.select", "sun.nio.ch.EPoll.wait", "sun.nio.ch.KQueue.poll", "sun.nio.ch.WEPoll.wait");
  private static final List<String> PRODUCER = List.of(
      "java.util.concurrent.SynchronousQueue.put", "java.util.concurrent.SynchronousQueue.offer",
      "java.util.concurrent.LinkedBlockingQueue.put", "java.util.concurrent.ArrayBlockingQueue.put",
      "java.util.concurrent.LinkedBlockingDeque.put", "java.util.concurrent.LinkedTransferQueue.transfer",
      "java.util.concurrent.LinkedTransferQueue.tryTransfer", "java.util.concurrent.Exchanger.exchange",
      "java.util.concurrent.SubmissionPublisher.submit", "java.util.concurrent.ArrayBlockingQueue.offer",
      "java.util.concurrent.LinkedBlockingQueue.offer", "java.util.concurrent.LinkedBlockingDeque.offer",
      "dev.leash.Channel.send", "dev.leash.WorkerPool.submit");
  private static final List<String> CONSUMER = List.of(
      ".take", ".takeFirst", ".takeLast", "BlockingQueue.poll", "BlockingDeque.poll", "SynchronousQueue.poll",
      "LinkedTransferQueue.poll", "DelayQueue.poll", "java.util.concurrent.FutureTask.get",
      "java.util.concurrent.FutureTask.awaitDone", "java.util.concurrent.CompletableFuture.get",
      "java.util.concurrent.CompletableFuture.join", "java.util.concurrent.ForkJoinTask.get",
      "java.util.concurrent.ForkJoinTask.join", "java.util.concurrent.ForkJoinTask.awaitDone",
      "java.lang.Thread.join", "java.util.concurrent.CountDownLatch.await", "java.util.concurrent.CyclicBarrier.await",
      "java.util.concurrent.Phaser.awaitAdvance", "java.util.concurrent.Semaphore.acquire",
      "AbstractQueuedSynchronizer$ConditionObject.await", "AbstractQueuedLongSynchronizer$ConditionObject.await",
      "java.lang.Object.wait", "dev.leash.Channel.receive", "dev.leash.Task.get", "dev.leash.TaskGroup.await",
      "dev.leash.Context.await", "java.lang.Process.waitFor", "java.lang.ProcessImpl.waitFor",
      "java.util.concurrent.locks.LockSupport.park");

  /** The pattern told by the frames above the application frame (the library calls the application is in). */
  static LeakPattern byStack(List<String> stack, Thread.State state, int appIndex) {
    int end = appIndex < 0 ? stack.size() : appIndex;
    boolean sleep = false;
    for (int i = 0; i < end; i++) {
      String m = Frames.method(stack.get(i));
      if (m.startsWith("java.util.TimerThread.mainLoop")) {
        return LeakPattern.UNSTOPPED_SCHEDULER;
      }
      if (m.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take")) {
        return state == Thread.State.TIMED_WAITING ? LeakPattern.UNSTOPPED_SCHEDULER : LeakPattern.IDLE_EXECUTOR;
      }
      if (m.endsWith("ThreadPoolExecutor.getTask")) { // the JDK's, and forks of it (Tomcat's)
        return LeakPattern.IDLE_EXECUTOR;
      }
    }
    for (int i = 0; i < end; i++) {
      String m = Frames.method(stack.get(i));
      if (startsWithAny(m, IO)) {
        return LeakPattern.STUCK_IO;
      }
    }
    for (int i = 0; i < end; i++) {
      String m = Frames.method(stack.get(i));
      if (startsWithAny(m, PRODUCER)) {
        return LeakPattern.ABANDONED_PRODUCER;
      }
    }
    for (int i = 0; i < end; i++) {
      String m = Frames.method(stack.get(i));
      if (m.equals("java.lang.Thread.sleep") || m.startsWith("java.lang.Thread.sleepNanos")) {
        sleep = true;
      }
      for (String c : CONSUMER) {
        boolean hit = c.startsWith(".") ? m.endsWith(c)
            : c.startsWith("java.") || c.startsWith("dev.") ? m.startsWith(c) : m.contains(c);
        if (hit) {
          return LeakPattern.ORPHANED_CONSUMER;
        }
      }
    }
    if (sleep) {
      return LeakPattern.UNSTOPPED_SCHEDULER;
    }
    return LeakPattern.UNKNOWN;
  }

  private static boolean startsWithAny(String m, List<String> prefixes) {
    for (String p : prefixes) {
      if (m.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
