package dev.leash.bench;

import dev.leash.CancellableContext;
import dev.leash.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * Context costs, each beside the JDK way of doing the same thing.
 *
 * <ul>
 *   <li>{@code isDone}: the poll a CPU loop makes (target &lt;= 2 ns).
 *   <li>{@code withCancelClose}: derive a child of a long-lived parent and close it (target &lt;= 100 ns, &lt;= 100 B).
 *   <li>{@code withTimeoutClose} vs {@code stpeScheduleCancel}: a deadline that is closed before it fires, against a
 *       ScheduledThreadPoolExecutor schedule + cancel (remove-on-cancel, so its queue stays bounded too).
 *   <li>{@code cancelTree100k}: cancel a tree of 100,000 descendants (target &lt;= 50 ms).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContextBench {
  private CancellableContext parent;
  private Context valueChild;
  private ScheduledThreadPoolExecutor stpe;
  private static final Runnable NOTHING = () -> {};
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Setup
  public void setUp() {
    parent = Context.background().withCancel();
    valueChild = parent.withValue(Context.Key.of("k"), "v");
    stpe = new ScheduledThreadPoolExecutor(1);
    stpe.setRemoveOnCancelPolicy(true);
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    parent.close();
    stpe.shutdownNow();
    stpe.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public boolean isDone() {
    return parent.isDone();
  }

  @Benchmark
  public boolean isDoneThroughValueContext() {
    return valueChild.isDone();
  }

  @Benchmark
  public boolean threadIsInterrupted() {
    return Thread.currentThread().isInterrupted();
  }

  @Benchmark
  public CancellableContext withCancelClose() {
    CancellableContext c = parent.withCancel();
    c.close();
    return c;
  }

  @Benchmark
  public CancellableContext withTimeoutClose() {
    CancellableContext c = parent.withTimeout(MINUTE);
    c.close();
    return c;
  }

  @Benchmark
  public ScheduledFuture<?> stpeScheduleCancel() {
    ScheduledFuture<?> f = stpe.schedule(NOTHING, 1, TimeUnit.MINUTES);
    f.cancel(false);
    return f;
  }

  /** A fresh tree of 100,000 descendants per invocation: 1,000 children of the root, each with 99 descendants. */
  @State(Scope.Thread)
  public static class Tree {
    CancellableContext root;
    List<Context> leaves = new ArrayList<>();

    @Setup(Level.Invocation)
    public void build() {
      root = Context.background().withCancel();
      leaves.clear();
      for (int i = 0; i < 1_000; i++) {
        Context c = root.withCancel();
        for (int j = 0; j < 33; j++) {
          CancellableContext k = c.withCancel();
          k.withCancel();
          leaves.add(k.withValue(Context.Key.of("x"), j).withCancel());
        }
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean cancelTree100k(Tree tree) {
    tree.root.cancel();
    return tree.leaves.get(tree.leaves.size() - 1).isDone();
  }
}
