package dev.leash;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck runs of {@link WorkerPool} submissions racing {@code close} and {@code closeNow}, checking the accounting
 * after each run: every accepted job is either run or returned by {@code closeNow}, never both, never neither; and
 * once shut down, {@code submitted == completed + failed + cancelled}. The pool starts its own worker threads, which
 * Lincheck's model checker does not follow, so this uses its stress mode (real threads, many scenarios) with the
 * invariants in a {@link Validate} function; the results of single calls are not compared with a sequential
 * specification (a pool's hand-off to workers has none), hence the {@link EpsilonVerifier}.
 *
 * <p><b>Planted bug:</b> {@link #theCheckCatchesThePlantedLostJobBug()} sets {@link WorkerPool#plantedLoseQueued},
 * which makes a shutdown forget the jobs still queued; the check must fail with it.
 */
@Timeout(120)
class WorkerPoolLincheckTest {

  /** The operations under test. Public: Lincheck instantiates it. */
  @Param(name = "job", gen = IntGen.class, conf = "1:1000000")
  public static class Pool {
    private final Set<Integer> ran = ConcurrentHashMap.newKeySet();
    private final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    private final Set<Integer> returned = ConcurrentHashMap.newKeySet();
    private final WorkerPool<Integer> pool = WorkerPool.<Integer>builder((c, j) -> ran.add(j))
        .workers(2).queueCapacity(2).open(Context.background());
    private int next;

    @Operation
    public String trySubmit(@Param(name = "job") int job) {
      int j;
      synchronized (this) { // a unique value per submission, so that a job run twice would show
        j = job * 64 + (next++ % 64);
      }
      try {
        pool.trySubmit(j, Duration.ZERO);
        accepted.add(j);
        return "accepted";
      } catch (PoolFullException e) {
        return "full";
      } catch (PoolClosedException e) {
        return "closed";
      }
    }

    @Operation
    public int closeNow() {
      List<Integer> left = pool.closeNow();
      returned.addAll(left);
      return left.size();
    }

    @Operation
    public void close() {
      pool.close();
    }

    /** Nothing both run and returned, nothing lost, and the counters add up. */
    @Validate
    public void accountingHolds() {
      returned.addAll(pool.closeNow()); // make sure it is shut down (a no-op if it was)
      for (Integer j : accepted) {
        boolean r = ran.contains(j);
        boolean back = returned.contains(j);
        if (r == back) {
          throw new IllegalStateException("job " + j + (r ? " both run and returned" : " neither run nor returned"));
        }
      }
      PoolStats s = pool.stats();
      if (s.submitted() != accepted.size() || s.submitted() != s.completed() + s.failed() + s.cancelled()) {
        throw new IllegalStateException("counters do not add up: " + s + ", accepted " + accepted.size());
      }
    }
  }

  private static StressOptions options() {
    return new StressOptions().iterations(8).invocationsPerIteration(60)
        .threads(2).actorsPerThread(3).actorsBefore(2).actorsAfter(0)
        .verifier(EpsilonVerifier.class);
  }

  @Test
  void submitRacingShutdownLosesAndDuplicatesNothing() {
    options().check(Pool.class);
  }

  @Test
  void theCheckCatchesThePlantedLostJobBug() {
    synchronized (WorkerPool.class) { // the hook is JVM-wide
      WorkerPool.plantedLoseQueued = true;
      try {
        assertThatThrownBy(() -> options().check(Pool.class)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("neither run nor returned");
      } finally {
        WorkerPool.plantedLoseQueued = false;
      }
    }
  }
}
