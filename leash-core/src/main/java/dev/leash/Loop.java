package dev.leash;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned loop: periodic work ({@link #fixedRate}, {@link #fixedDelay}) or {@code n} workers calling a function
 * until stopped ({@link #workers}). The replacement for {@code scheduleAtFixedRate} and {@code while (true)} threads
 * that nobody stops.
 *
 * <pre>{@code
 * try (Loop heartbeat = Loop.fixedRate(ctx, Duration.ofSeconds(1), c -> ping(c))) {
 *   serve(ctx);
 * }   // cancels the loop and waits for it
 * }</pre>
 *
 * <ul>
 *   <li><b>Owner:</b> the {@code Loop}. Its threads are named {@code <name>/<n>} (default name {@code loop-<n>}) and
 *       listed by {@link Leash#tasks()} while alive. Virtual threads by default; platform threads on request.
 *   <li><b>Stop signal:</b> the loop's {@link #context()}, a child of the context it was started with, which
 *       {@code fn} receives. It is done when the loop is closed, when the parent is done, or when {@code fn} fails;
 *       cancelling it also interrupts the loop's threads. Waiting between periodic runs parks on that context: no
 *       thread sleeps in {@code Thread.sleep}, and closing ends the wait at once.
 *   <li><b>Wait point:</b> {@link #close()} cancels once and returns only when every thread of the loop has ended.
 *       It is idempotent and safe from many threads at once: exactly one call performs the shutdown, the others wait
 *       for it to finish.
 *   <li><b>No silent failure:</b> the first exception thrown by {@code fn} (other than a {@link CancelledException}
 *       or {@link InterruptedException} once the loop is stopping) stops the whole loop and is thrown by
 *       {@code close()} as a {@link TaskFailedException}, with later failures suppressed. {@link #await()} throws
 *       it too, to the first caller that sees it.
 * </ul>
 */
public final class Loop implements AutoCloseable {
  private static final AtomicInteger LOOPS = new AtomicInteger();

  private final TaskGroup group;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CountDownLatch shutdownDone = new CountDownLatch(1);

  private Loop(TaskGroup group) {
    this.group = group;
  }

  /**
   * Runs {@code fn} at once and then every {@code period}, measured from the start of the first run. Runs never
   * overlap: when a run takes longer than a period, the ticks it missed are skipped and the next run starts at the
   * next tick.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code period} is zero or negative
   */
  public static Loop fixedRate(Context ctx, Duration period, ContextRunnable fn) {
    return builder().fixedRate(ctx, period, fn);
  }

  /**
   * Runs {@code fn} at once and then again {@code delay} after each run returns.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code delay} is zero or negative
   */
  public static Loop fixedDelay(Context ctx, Duration delay, ContextRunnable fn) {
    return builder().fixedDelay(ctx, delay, fn);
  }

  /**
   * Starts {@code n} workers sharing one context; each calls {@code fn} again each time it returns, until the loop is
   * stopped. {@code fn} should block on something (a {@link Channel#receive(Context)}, a socket, the context):
   * a {@code fn} that returns at once without waiting makes a busy loop.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static Loop workers(Context ctx, int n, ContextRunnable fn) {
    return builder().workers(ctx, n, fn);
  }

  /** A builder to name the loop or choose platform threads. */
  public static Builder builder() {
    return new Builder();
  }

  /** The loop's name, the prefix of its threads' names. */
  public String name() {
    return group.name();
  }

  /** The loop's context, which {@code fn} receives; done once the loop is stopping. */
  public Context context() {
    return group.context();
  }

  /** Number of the loop's threads still running. */
  public int liveCount() {
    return group.liveCount();
  }

  /**
   * Waits until the loop has stopped by itself (its parent context is done or {@code fn} failed), without stopping
   * it. Returns normally if it stopped by cancellation.
   *
   * @throws TaskFailedException if {@code fn} failed, to the first caller of this method or {@link #close()}
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws IllegalStateException if called from one of the loop's own threads
   */
  public void await() throws InterruptedException {
    group.await(); // from the loop's own thread: IllegalStateException
  }

  /**
   * Stops the loop: cancels its context (interrupting its threads) and waits until every thread has ended. The first
   * call does this; concurrent and later calls wait until it is finished and return. Waits even when the calling
   * thread is interrupted, keeping the interrupt.
   *
   * @throws TaskFailedException if {@code fn} failed and no earlier {@code close()} or {@link #await()} threw it
   * @throws IllegalStateException if called from one of the loop's own threads (from {@code fn}), which it would wait
   *     for; the loop is then not stopped
   */
  @Override
  public void close() {
    group.checkNotOwnTask("close");
    if (shutdownStarted.compareAndSet(false, true)) {
      try {
        group.close();
      } finally {
        shutdownDone.countDown();
      }
      return;
    }
    Latches.awaitUninterruptibly(shutdownDone);
  }

  @Override
  public String toString() {
    return "Loop[" + name() + ", live=" + liveCount() + (context().isDone() ? ", stopping" : "") + "]";
  }

  /** Settings for a {@link Loop}; each terminal call starts a new loop. Not thread-safe. */
  public static final class Builder {
    private String name;
    private boolean platform;

    private Builder() {}

    /** The loop's name; threads are named {@code <name>/<n>}. Default {@code loop-<n>}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Run on platform threads instead of virtual threads. */
    public Builder platformThreads() {
      this.platform = true;
      return this;
    }

    /** Run on virtual threads (the default). */
    public Builder virtualThreads() {
      this.platform = false;
      return this;
    }

    /**
     * Starts a fixed-rate loop, as {@link Loop#fixedRate(Context, Duration, ContextRunnable)}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code period} is zero or negative
     */
    public Loop fixedRate(Context ctx, Duration period, ContextRunnable fn) {
      // Capped so that tick arithmetic cannot overflow; a period of a century is still "never again" in practice.
      long p = Math.min(positiveNanos(period, "period"), Long.MAX_VALUE / 4);
      Objects.requireNonNull(fn, "fn");
      return start(ctx, 1, c -> {
        long next = System.nanoTime();
        while (!c.isDone()) {
          fn.run(c);
          next += p;
          long now = System.nanoTime();
          if (now - next >= 0) {
            next += ((now - next) / p + 1) * p;
          }
          c.await(Duration.ofNanos(next - now));
        }
      });
    }

    /**
     * Starts a fixed-delay loop, as {@link Loop#fixedDelay(Context, Duration, ContextRunnable)}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code delay} is zero or negative
     */
    public Loop fixedDelay(Context ctx, Duration delay, ContextRunnable fn) {
      positiveNanos(delay, "delay");
      Objects.requireNonNull(fn, "fn");
      return start(ctx, 1, c -> {
        while (!c.isDone()) {
          fn.run(c);
          c.await(delay);
        }
      });
    }

    /**
     * Starts {@code n} workers, as {@link Loop#workers(Context, int, ContextRunnable)}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Loop workers(Context ctx, int n, ContextRunnable fn) {
      if (n < 1) {
        throw new IllegalArgumentException("n (workers) must be at least 1, was " + n);
      }
      Objects.requireNonNull(fn, "fn");
      return start(ctx, n, c -> {
        while (!c.isDone()) {
          fn.run(c);
        }
      });
    }

    private Loop start(Context ctx, int n, ContextRunnable body) {
      Objects.requireNonNull(ctx, "ctx");
      TaskGroup.Builder b =
          TaskGroup.builder().kind("loop").name(name != null ? name : "loop-" + LOOPS.incrementAndGet());
      TaskGroup group = (platform ? b.platformThreads() : b.virtualThreads()).open(ctx);
      Loop loop = new Loop(group);
      for (int i = 0; i < n; i++) {
        group.go(body);
      }
      return loop;
    }

    private static long positiveNanos(Duration d, String param) {
      Objects.requireNonNull(d, param);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(param + " must be positive, was " + d);
      }
      return MonoClock.saturatedNanos(d);
    }
  }
}
