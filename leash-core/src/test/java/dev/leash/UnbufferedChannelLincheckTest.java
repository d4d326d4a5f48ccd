package dev.leash;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking (Lincheck) of an unbuffered {@link Channel}'s blocking {@code send}, {@code receive} and
 * {@code close}. Blocking calls only finish when they are matched, so the scenarios are written by hand, each one
 * able to finish under every interleaving (a send has a receive or a close to end it); Lincheck explores their
 * interleavings, parks included, and reports a hang as a failure. Results must be linearizable against
 * {@link Spec}: a queue in which {@code send} enqueues and {@code receive} dequeues (end of stream once closed and
 * empty), which any hand-off that loses, duplicates or invents values, or reports a send as done without a receive
 * having taken it, fails.
 *
 * <p><b>Planted bug:</b> {@link #theCheckCatchesThePlantedLostWakeUp()} sets {@link Channel#plantedCloseKeepsSenders}
 * (close leaves blocked senders asleep); the scenario "send || close" then hangs and the check must fail.
 */
@Timeout(120)
class UnbufferedChannelLincheckTest {

  /** The operations under test. Public: Lincheck instantiates it. */
  public static class Unbuffered {
    private final Channel<Integer> ch = Channel.unbuffered();

    @Operation
    public String send(int v) {
      try {
        ch.send(Context.background(), v);
        return "sent";
      } catch (ChannelClosedException e) {
        return "closed";
      }
    }

    @Operation
    public Integer receive() {
      return ch.receive(Context.background()).orElse(null);
    }

    @Operation
    public boolean close() {
      return ch.close();
    }
  }

  /** The sequential specification: a queue that can be closed. */
  public static class Spec {
    private final ArrayDeque<Integer> values = new ArrayDeque<>();
    private boolean closed;

    public String send(int v) {
      if (closed) {
        return "closed";
      }
      values.add(v);
      return "sent";
    }

    /** Null once closed and empty; -1 (never a real result) where a real receive would still be waiting. */
    public Integer receive() {
      Integer v = values.poll();
      return v != null ? v : closed ? null : Integer.valueOf(-1);
    }

    public boolean close() {
      boolean first = !closed;
      closed = true;
      return first;
    }
  }

  private static KFunction<?> op(String name) {
    for (Method m : Unbuffered.class.getMethods()) {
      if (m.getName().equals(name)) {
        return ReflectJvmMapping.getKotlinFunction(m);
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static Unit thread(DSLThreadScenario t, Object[]... actors) {
    for (Object[] a : actors) {
      Object[] args = new Object[a.length - 1];
      System.arraycopy(a, 1, args, 0, args.length);
      t.actor(op((String) a[0]), args);
    }
    return Unit.INSTANCE;
  }

  private static Object[] call(String name, Object... args) {
    Object[] a = new Object[args.length + 1];
    a[0] = name;
    System.arraycopy(args, 0, a, 1, args.length);
    return a;
  }

  private static ModelCheckingOptions options() {
    return new ModelCheckingOptions().iterations(0).invocationsPerIteration(400)
        .sequentialSpecification(Spec.class)
        // two senders, one receiver taking both: values hand over once each
        .addCustomScenario(s -> {
          s.parallel(p -> {
            p.thread(t -> thread(t, call("send", 1)));
            p.thread(t -> thread(t, call("send", 2)));
            p.thread(t -> thread(t, call("receive"), call("receive")));
            return Unit.INSTANCE;
          });
          return Unit.INSTANCE;
        })
        // a hand-off racing close: sent and received, or refused and end of stream, never half of each
        .addCustomScenario(s -> {
          s.parallel(p -> {
            p.thread(t -> thread(t, call("send", 1)));
            p.thread(t -> thread(t, call("receive")));
            p.thread(t -> thread(t, call("close")));
            return Unit.INSTANCE;
          });
          return Unit.INSTANCE;
        })
        // a blocked sender must be woken by close
        .addCustomScenario(s -> {
          s.parallel(p -> {
            p.thread(t -> thread(t, call("send", 1), call("send", 2)));
            p.thread(t -> thread(t, call("close")));
            return Unit.INSTANCE;
          });
          return Unit.INSTANCE;
        });
  }

  @Test
  void blockingHandOffsAreLinearizable() {
    options().check(Unbuffered.class);
  }

  @Test
  void theCheckCatchesThePlantedLostWakeUp() {
    synchronized (Channel.class) { // the hook is JVM-wide
      Channel.plantedCloseKeepsSenders = true;
      try {
        assertThatThrownBy(() -> options().check(Unbuffered.class)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("has hung");
      } finally {
        Channel.plantedCloseKeepsSenders = false;
      }
    }
  }
}
