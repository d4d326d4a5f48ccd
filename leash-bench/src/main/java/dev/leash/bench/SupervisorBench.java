package dev.leash.bench;

import dev.leash.Backoff;
import dev.leash.Context;
import dev.leash.Supervisor;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
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
 * Time from a child's failure to its replacement running, with zero backoff: one operation tells the running child
 * to throw, and returns when the next incarnation (a new virtual thread started by the supervisor's control thread)
 * reports that it runs. The anchor is the cheapest hand-written alternative, a catch-and-loop on the same thread
 * (no new thread, no owner, no policy). The supervisor's WARNING log of each failure is switched off
 * ({@code java.util.logging} level OFF for {@code dev.leash.Supervisor}) so that console output is not measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SupervisorBench {
  private static final RuntimeException FAIL = new RuntimeException("restart me", null, false, false) { };
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.leash.Supervisor");

  private final SynchronousQueue<Boolean> kill = new SynchronousQueue<>();
  private final BlockingQueue<Boolean> running = new ArrayBlockingQueue<>(1);
  private Supervisor supervisor;

  private final SynchronousQueue<Boolean> loopKill = new SynchronousQueue<>();
  private final BlockingQueue<Boolean> loopRunning = new ArrayBlockingQueue<>(1);
  private Thread loop;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    QUIET.setLevel(java.util.logging.Level.OFF);
    supervisor = Supervisor.builder().name("bench").backoff(Backoff.none())
        .intensity(Integer.MAX_VALUE, Duration.ofSeconds(1))
        .child("victim", Supervisor.RestartType.PERMANENT, ctx -> {
          running.put(Boolean.TRUE);
          kill.take();
          throw FAIL;
        }).start(Context.background());
    running.take();
    loop = Thread.ofVirtual().start(() -> {
      for (;;) {
        try {
          loopRunning.put(Boolean.TRUE);
          loopKill.take();
          throw FAIL;
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // restart: go round again
        }
      }
    });
    loopRunning.take();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    supervisor.close();
    loop.interrupt();
    loop.join();
  }

  @Benchmark
  public Boolean restartOverhead() throws InterruptedException {
    kill.put(Boolean.TRUE);
    return running.take();
  }

  @Benchmark
  public Boolean handRolledCatchLoop() throws InterruptedException {
    loopKill.put(Boolean.TRUE);
    return loopRunning.take();
  }
}
