package dev.leash;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking (Lincheck) of {@link Context} cancellation racing child creation, callback registration and child
 * closing: every interleaving must be linearizable (the class run one call at a time is the specification), and
 * after each run nothing may be lost: once the root is done, every child created under it is done and every
 * {@code onDone} callback registered on it has run exactly once.
 *
 * <p><b>Planted bug:</b> {@link #theCheckCatchesThePlantedLinkBug()} sets {@link CancelContext#plantedLinkBug},
 * which makes linking a child check only the {@code detached} flag, the lost-cancel race found in session 1 (a
 * canceller that found no lock yet never sets {@code detached}). The check must fail with it.
 */
@Timeout(120)
class ContextLincheckTest {

  /** The operations under test. Public: Lincheck instantiates it. */
  public static class Tree {
    private final CancellableContext root = Context.background().withCancel();
    private final List<CancellableContext> children = new CopyOnWriteArrayList<>();
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger ran = new AtomicInteger();

    @Operation
    public boolean cancel() {
      return root.cancel();
    }

    @Operation
    public boolean isDone() {
      return root.isDone();
    }

    /** A new child; whether it is done at once (it must be exactly when the root is). */
    @Operation
    public boolean newChild() {
      CancellableContext c = root.withCancel();
      boolean done = c.isDone(); // before closeChild can see it
      children.add(c);
      return done;
    }

    /** Closes the newest child, if any; whether this call cancelled it. */
    @Operation
    public boolean closeChild() {
      return !children.isEmpty() && children.get(children.size() - 1).cancel();
    }

    /** Registers a callback on the root; whether it ran at once (it must be exactly when the root is done). */
    @Operation
    public boolean onDone() {
      registered.incrementAndGet();
      AtomicInteger mine = new AtomicInteger();
      root.onDone(() -> {
        mine.incrementAndGet();
        ran.incrementAndGet();
      });
      return mine.get() == 1;
    }

    /** Nothing lost: a done root means every child done and every callback run once. */
    @Validate
    public void nothingLost() {
      if (!root.isDone()) {
        return;
      }
      for (CancellableContext c : children) {
        if (!c.isDone()) {
          throw new IllegalStateException("child not done under a done root");
        }
      }
      if (ran.get() != registered.get()) {
        throw new IllegalStateException(ran.get() + " callbacks ran of " + registered.get());
      }
    }
  }

  private static ModelCheckingOptions options() {
    return new ModelCheckingOptions().iterations(6).invocationsPerIteration(150)
        .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1);
  }

  @Test
  void cancellationIsLinearizableAndLosesNothing() {
    options().check(Tree.class);
  }

  @Test
  void theCheckCatchesThePlantedLinkBug() {
    synchronized (CancelContext.class) { // the hook is JVM-wide: no other test plants it meanwhile
      CancelContext.plantedLinkBug = true;
      try {
        // Caught either as a non-linearizable result (newChild() not done after a cancel) or by nothingLost().
        assertThatThrownBy(() -> options().check(Tree.class)).isInstanceOf(AssertionError.class)
            .hasMessageMatching("(?s).*(Invalid execution results|child not done under a done root).*");
      } finally {
        CancelContext.plantedLinkBug = false;
      }
    }
  }
}
