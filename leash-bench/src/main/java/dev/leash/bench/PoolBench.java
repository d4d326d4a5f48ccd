package dev.leash.bench;

import dev.leash.Context;
import dev.leash.WorkerPool;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link WorkerPool} against {@link ThreadPoolExecutor}, both with 4 workers, a bounded queue of 1024 and blocking
 * back-pressure (the executor's rejection handler blocks in {@code queue.put}; no CallerRuns).
 *
 * <ul>
 *   <li>{@code leashPool} vs {@code threadPoolExecutor}: one invocation starts a pool, pushes 1,000,000 tiny jobs
 *       through it and shuts it down after draining; reported per job (ops = jobs).
 *   <li>{@code submitLatency} vs {@code executorSubmitLatency}: sample mode, the time of one submit into a running
 *       pool; read the p99 line.
 * </ul>
 */
@State(Scope.Benchmark)
public class PoolBench {
  static final int JOBS = 1_000_000;
  static final int WORKERS = 4;
  static final int QUEUE = 1024;
  static final Context BG = Context.background();
  static final Integer JOB = 7;
  static final Runnable TASK = () -> Blackhole.consumeCPU(16);

  /** Thread kind of the workers: {@code platform} or {@code virtual}. */
  @Param({"platform", "virtual"})
  public String threads;

  WorkerPool<Integer> newPool() {
    WorkerPool.Builder<Integer> b = WorkerPool.<Integer>builder((c, j) -> Blackhole.consumeCPU(16))
        .workers(WORKERS).queueCapacity(QUEUE);
    return (threads.equals("virtual") ? b.virtualThreads() : b.platformThreads()).open(BG);
  }

  ThreadPoolExecutor newExecutor() {
    ThreadFactory f = threads.equals("virtual") ? Thread.ofVirtual().factory() : Thread.ofPlatform().factory();
    ThreadPoolExecutor e = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), f, (r, ex) -> {
          try {
            ex.getQueue().put(r); // blocking back-pressure
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException(ie);
          }
        });
    e.prestartAllCoreThreads();
    return e;
  }

  /** 1,000,000 jobs through a new Leash pool, closed after draining. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(JOBS)
  public long leashPool() {
    WorkerPool<Integer> pool = newPool();
    for (int i = 0; i < JOBS; i++) {
      pool.submit(BG, JOB);
    }
    pool.close();
    return pool.stats().completed();
  }

  /** 1,000,000 jobs through a new executor, shut down after draining. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(JOBS)
  public long threadPoolExecutor() throws InterruptedException {
    ThreadPoolExecutor e = newExecutor();
    for (int i = 0; i < JOBS; i++) {
      e.execute(TASK);
    }
    e.shutdown();
    if (!e.awaitTermination(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("executor did not drain");
    }
    return e.getCompletedTaskCount();
  }

  /** A pool and an executor kept running for the submit-latency benchmarks. */
  @State(Scope.Benchmark)
  public static class Running {
    WorkerPool<Integer> pool;
    ThreadPoolExecutor executor;

    /** Starts one pool and one executor of the benchmark's thread kind. */
    @Setup(Level.Trial)
    public void start(PoolBench b) {
      pool = b.newPool();
      executor = b.newExecutor();
    }

    /** Closes the pool and shuts the executor down. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      pool.close();
      executor.shutdown();
      executor.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  /** One submit into the running Leash pool. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void submitLatency(Running r) {
    r.pool.submit(BG, JOB);
  }

  /** One execute into the running executor. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void executorSubmitLatency(Running r) {
    r.executor.execute(TASK);
  }
}
