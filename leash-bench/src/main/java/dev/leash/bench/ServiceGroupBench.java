package dev.leash.bench;

import dev.leash.Context;
import dev.leash.Service;
import dev.leash.ServiceGroup;
import dev.leash.ShutdownReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * Stopping 100 independent components that each drain in 1 ms. {@code stop100} is a started {@link ServiceGroup}'s
 * two-phase {@code shutdown()} (drains run in parallel, then contexts are cancelled and threads awaited);
 * {@code sequentialStop100} is the hand-written loop over the same kind of components, on plain threads: drain one
 * (1 ms), interrupt it, join it, next. Starting the components is setup, not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ServiceGroupBench {
  static final int COMPONENTS = 100;

  private ServiceGroup group;
  private final List<Thread> plain = new ArrayList<>();

  private static void drain1ms(Context ctx) throws InterruptedException {
    Thread.sleep(1);
  }

  @Setup(Level.Invocation)
  public void start() throws InterruptedException {
    ServiceGroup.Builder b = ServiceGroup.builder().name("bench")
        .drainBudget(Duration.ofSeconds(10)).stopBudget(Duration.ofSeconds(10));
    for (int i = 0; i < COMPONENTS; i++) {
      b.component("c" + i, Service.of((ctx, ready) -> {
        ready.run();
        try {
          ctx.await();
        } catch (InterruptedException e) {
          // the cancel's interrupt: stop
        }
      }, ServiceGroupBench::drain1ms));
    }
    group = b.build();
    group.start(Context.background());
    CountDownLatch up = new CountDownLatch(COMPONENTS);
    plain.clear();
    for (int i = 0; i < COMPONENTS; i++) {
      plain.add(Thread.ofPlatform().start(() -> {
        up.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          // stop
        }
      }));
    }
    up.await();
  }

  @TearDown(Level.Invocation)
  public void stopLeftovers() throws InterruptedException {
    group.shutdown();
    for (Thread t : plain) {
      t.interrupt();
      t.join();
    }
  }

  @Benchmark
  public ShutdownReport stop100() {
    ShutdownReport r = group.shutdown();
    if (!r.allStopped()) {
      throw new IllegalStateException(r.text());
    }
    return r;
  }

  @Benchmark
  public int sequentialStop100() throws InterruptedException {
    for (Thread t : plain) {
      drain1ms(Context.background());
      t.interrupt();
      t.join();
    }
    return plain.size();
  }
}
