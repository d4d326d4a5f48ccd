package dev.leash.bench;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.TaskGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;

/**
 * {@link Channel} against the JDK queues it replaces.
 *
 * <ul>
 *   <li>{@code leashPingPong} vs {@code synchronousQueuePingPong}: a round trip through two unbuffered hand-offs to
 *       an echo thread (platform or virtual, {@code @Param threads}); time per round trip.
 *   <li>{@code leashBuffered} vs {@code arrayBlockingQueue}: 4 producers and 4 consumers (JMH threads, so platform)
 *       through a buffer of 1024; throughput of the group (sends + receives per second). Both sides use the timed
 *       form (100 ms) so that a thread blocked when the iteration ends can notice and leave.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelBench {
  static final Integer ITEM = 42;
  static final Context BG = Context.background();
  static final Duration TIMEOUT = Duration.ofMillis(100);

  /** Echo over two unbuffered Leash channels; the echo task is owned by a task group closed at tear-down. */
  @State(Scope.Benchmark)
  public static class LeashEcho {
    /** Thread kind of the echo thread: {@code platform} or {@code virtual}. */
    @Param({"platform", "virtual"})
    public String threads;
    Channel<Integer> ping;
    Channel<Integer> pong;
    TaskGroup group;

    /** Starts the echo thread. */
    @Setup(Level.Trial)
    public void start() {
      ping = Channel.unbuffered();
      pong = Channel.unbuffered();
      TaskGroup.Builder b = TaskGroup.builder().name("echo");
      group = (threads.equals("virtual") ? b.virtualThreads() : b.platformThreads()).open(BG);
      group.go(c -> {
        for (Integer v : ping.values(c)) {
          pong.send(c, v);
        }
      });
    }

    /** Closes the channel and the group that owns the echo task. */
    @TearDown(Level.Trial)
    public void stop() {
      ping.close();
      group.close();
    }
  }

  /** Echo over two {@link SynchronousQueue}s on a thread interrupted and joined at tear-down. */
  @State(Scope.Benchmark)
  public static class JdkEcho {
    /** Thread kind of the echo thread: {@code platform} or {@code virtual}. */
    @Param({"platform", "virtual"})
    public String threads;
    final SynchronousQueue<Integer> ping = new SynchronousQueue<>();
    final SynchronousQueue<Integer> pong = new SynchronousQueue<>();
    Thread echo;

    /** Starts the echo thread. */
    @Setup(Level.Trial)
    public void start() {
      Runnable body = () -> {
        try {
          while (true) {
            pong.put(ping.take());
          }
        } catch (InterruptedException e) {
          // stop
        }
      };
      echo = threads.equals("virtual") ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body);
    }

    /** Interrupts and joins the echo thread. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      echo.interrupt();
      echo.join();
    }
  }

  /** One round trip through two unbuffered Leash channels. */
  @Benchmark
  public Integer leashPingPong(LeashEcho s) {
    s.ping.send(BG, ITEM);
    return s.pong.receive(BG).orElseThrow();
  }

  /** One round trip through two {@link SynchronousQueue}s. */
  @Benchmark
  public Integer synchronousQueuePingPong(JdkEcho s) throws InterruptedException {
    s.ping.put(ITEM);
    return s.pong.take();
  }

  /** One buffered Leash channel shared by the group. */
  @State(Scope.Group)
  public static class LeashBuffer {
    final Channel<Integer> ch = Channel.buffered(1024);
  }

  /** One array blocking queue shared by the group. */
  @State(Scope.Group)
  public static class JdkBuffer {
    final ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(1024);
  }

  /** Producer side: one timed send into the shared buffered channel. */
  @Benchmark
  @Group("leashBuffered")
  @GroupThreads(4)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean leashBufferedSend(LeashBuffer s, Control control) {
    while (!s.ch.trySend(BG, ITEM, TIMEOUT)) {
      if (control.stopMeasurement) {
        return false;
      }
    }
    return true;
  }

  /** Consumer side: one timed receive from the shared buffered channel. */
  @Benchmark
  @Group("leashBuffered")
  @GroupThreads(4)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer leashBufferedReceive(LeashBuffer s, Control control) {
    Optional<Integer> v;
    while ((v = s.ch.tryReceive(BG, TIMEOUT)).isEmpty()) {
      if (control.stopMeasurement) {
        return null;
      }
    }
    return v.get();
  }

  /** Producer side: one timed offer into the shared queue. */
  @Benchmark
  @Group("arrayBlockingQueue")
  @GroupThreads(4)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean arrayBlockingQueueOffer(JdkBuffer s, Control control) throws InterruptedException {
    while (!s.q.offer(ITEM, 100, TimeUnit.MILLISECONDS)) {
      if (control.stopMeasurement) {
        return false;
      }
    }
    return true;
  }

  /** Consumer side: one timed poll from the shared queue. */
  @Benchmark
  @Group("arrayBlockingQueue")
  @GroupThreads(4)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer arrayBlockingQueuePoll(JdkBuffer s, Control control) throws InterruptedException {
    Integer v;
    while ((v = s.q.poll(100, TimeUnit.MILLISECONDS)) == null) {
      if (control.stopMeasurement) {
        return null;
      }
    }
    return v;
  }
}
