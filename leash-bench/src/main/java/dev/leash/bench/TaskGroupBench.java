package dev.leash.bench;

import dev.leash.Context;
import dev.leash.Task;
import dev.leash.TaskGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fork/join of 10,000 trivial tasks on virtual threads: a Leash TaskGroup against
 * {@code Executors.newVirtualThreadPerTaskExecutor()} and against the JDK's preview {@code StructuredTaskScope}
 * (reached through method handles, because its shape differs between JDK 21 and 25; run with
 * {@code --enable-preview}, which {@code ./leash bench} passes); plus the time from cancelling a group of 10,000
 * parked tasks to await returning.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TaskGroupBench {
  static final int TASKS = 10_000;

  @Benchmark
  public long leashForkJoin10k() throws InterruptedException {
    long sum = 0;
    try (TaskGroup g = TaskGroup.open(Context.background())) {
      List<Task<Integer>> tasks = new ArrayList<>(TASKS);
      for (int i = 0; i < TASKS; i++) {
        int n = i;
        tasks.add(g.fork(ctx -> n));
      }
      g.await();
      for (Task<Integer> t : tasks) {
        sum += t.resultNow();
      }
    }
    return sum;
  }

  private final StructuredScopes scopes = new StructuredScopes();

  @Benchmark
  public long structuredTaskScope10k() throws Throwable {
    long sum = 0;
    try (StructuredScopes.Scope scope = scopes.open()) {
      List<java.util.function.Supplier<Object>> tasks = new ArrayList<>(TASKS);
      for (int i = 0; i < TASKS; i++) {
        int n = i;
        tasks.add(scope.fork(() -> n));
      }
      scope.join();
      for (java.util.function.Supplier<Object> t : tasks) {
        sum += (Integer) t.get();
      }
    }
    return sum;
  }

  @Benchmark
  public long virtualExecutor10k() throws Exception {
    long sum = 0;
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> tasks = new ArrayList<>(TASKS);
      for (int i = 0; i < TASKS; i++) {
        int n = i;
        tasks.add(ex.submit(() -> n));
      }
      for (Future<Integer> f : tasks) {
        sum += f.get();
      }
    }
    return sum;
  }

  /** A group whose 10,000 tasks are all parked in {@code take()}, rebuilt before every invocation. */
  @State(Scope.Thread)
  public static class Parked {
    TaskGroup group;

    @Setup(Level.Invocation)
    public void park() throws InterruptedException {
      group = TaskGroup.open(Context.background());
      CountDownLatch parked = new CountDownLatch(TASKS);
      for (int i = 0; i < TASKS; i++) {
        group.go(ctx -> {
          LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
          parked.countDown();
          q.take();
        });
      }
      parked.await();
    }

    @TearDown(Level.Invocation)
    public void close() {
      group.close();
    }
  }

  /** The JDK anchor for {@link #cancel10kParked}: 10,000 virtual threads parked in take(), then shutdownNow. */
  @State(Scope.Thread)
  public static class ParkedExecutor {
    ExecutorService executor;

    @Setup(Level.Invocation)
    public void park() throws InterruptedException {
      executor = Executors.newVirtualThreadPerTaskExecutor();
      CountDownLatch parked = new CountDownLatch(TASKS);
      for (int i = 0; i < TASKS; i++) {
        executor.submit(() -> {
          LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
          parked.countDown();
          return q.take();
        });
      }
      parked.await();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  public boolean virtualExecutorShutdownNow10kParked(ParkedExecutor p) throws InterruptedException {
    p.executor.shutdownNow();
    return p.executor.awaitTermination(1, TimeUnit.MINUTES);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  public int cancel10kParked(Parked p) throws InterruptedException {
    p.group.cancel();
    p.group.await();
    return p.group.liveCount();
  }
}
