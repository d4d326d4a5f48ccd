package dev.leash;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking (Lincheck) of a buffered {@link Channel}: every interleaving of {@code trySend}, {@code tryReceive},
 * {@code close} and {@code isDrained} in small scenarios must be linearizable, that is explainable by the channel
 * run one call at a time (the sequential behaviour of this very class is the specification).
 *
 * <p><b>Planted bug:</b> {@link PlantedRingBug} runs the same check over a ring built with
 * {@code waitForInFlight = false}, the behaviour the ring had before issue 16 (a poll reporting "empty" while the
 * head value is being published though a later send has returned; an offer reporting "full" while a slot is being
 * freed). The check must fail on it; {@link #theCheckCatchesThePlantedRingBug()} asserts that it does.
 */
@Timeout(120)
class ChannelLincheckTest {

  /** The operations under test, over a channel of capacity 2. Public: Lincheck instantiates it. */
  @Param(name = "v", gen = IntGen.class, conf = "1:9")
  public static class Buffered {
    final Channel<Integer> ch = newChannel();

    Channel<Integer> newChannel() {
      return Channel.buffered(2);
    }

    @Operation
    public String trySend(@Param(name = "v") int v) {
      try {
        return ch.trySend(v) ? "sent" : "full";
      } catch (ChannelClosedException e) {
        return "closed";
      }
    }

    @Operation
    public Integer tryReceive() {
      return ch.tryReceive().orElse(null);
    }

    @Operation
    public boolean close() {
      return ch.close();
    }

    @Operation
    public boolean isDrained() {
      return ch.isDrained();
    }
  }

  /** The same, over a ring with the bug planted (see the class comment). */
  public static class PlantedRingBug extends Buffered {
    @Override
    Channel<Integer> newChannel() {
      return Channel.over(new Ring(2, false));
    }
  }

  private static ModelCheckingOptions options() {
    return new ModelCheckingOptions().iterations(8).invocationsPerIteration(200)
        .threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1);
  }

  @Test
  void bufferedChannelIsLinearizable() {
    options().check(Buffered.class);
  }

  @Test
  void theCheckCatchesThePlantedRingBug() {
    assertThatThrownBy(() -> options().check(PlantedRingBug.class)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Invalid execution results");
  }
}
