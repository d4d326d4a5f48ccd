package dev.leash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Waits on several channel operations and performs exactly one of them, after Go's {@code select}; the context is
 * always one more case.
 *
 * <pre>{@code
 * Select s = Select.on(ctx)
 *     .receive(orders, o -> o.ifPresent(this::ship))     // empty: orders is closed and drained
 *     .receive(refunds, r -> r.ifPresent(this::refund))
 *     .send(audit, heartbeat, () -> {});
 * while (true) {
 *   s.run();    // one case per call; CancelledException once ctx is done
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Exactly one:</b> a call performs one case and runs its action on the calling thread. The other cases have
 *       no effect: a losing receive takes no value, a losing send gives none away.
 *   <li><b>Fair:</b> when several cases are ready, each is picked with equal probability.
 *   <li><b>Ready</b> means: a send whose channel has a waiting receiver or buffer room; a receive whose channel has a
 *       value, or is closed and drained (its action then gets {@link Optional#empty()}, like Go's {@code ok ==
 *       false}). A send on a closed channel throws {@link ChannelClosedException}, like {@link Channel#send}.
 *   <li><b>Context case:</b> when the context is done before a case completes, {@link #run()} throws
 *       {@link CancelledException} (or {@link DeadlineExceededException}) and no case takes effect. A context that is
 *       done on entry wins over ready cases, so cancellation is never starved. An interrupt acts like cancellation
 *       (the flag is kept), in {@link #run()} also when it is pending on entry and a case is ready, so a
 *       {@code while (true) select.run()} loop over busy channels still stops on {@code shutdownNow}. When the context
 *       was cancelled with a {@link CancelledException} cause, that very exception is thrown.
 * </ul>
 *
 * <p>A {@code Select} may be run many times, by one thread at a time; add all cases before the first run. It locks its
 * channels in a fixed global order, so selects over overlapping channels cannot deadlock.
 */
public final class Select {
  private static final int RESTART = Integer.MIN_VALUE;
  private final Context ctx;
  private final List<Case> cases = new ArrayList<>();
  private Channel<?>[] lockOrder;

  private Select(Context ctx) {
    this.ctx = ctx;
  }

  /**
   * A select whose context case is {@code ctx}.
   *
   * @throws NullPointerException if {@code ctx} is null
   */
  public static Select on(Context ctx) {
    return new Select(Objects.requireNonNull(ctx, "ctx"));
  }

  /**
   * Adds a receive case: when it is chosen, {@code then} gets the value, or {@link Optional#empty()} if the channel
   * is closed and drained.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> Select receive(Channel<T> channel, Consumer<Optional<T>> then) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(then, "then");
    @SuppressWarnings("unchecked")
    Consumer<Optional<Object>> action = (Consumer<Optional<Object>>) (Consumer<?>) then;
    return add(new Case(channel, false, null, action, null));
  }

  /**
   * Adds a send case: when it is chosen, {@code value} has been sent and {@code then} runs.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> Select send(Channel<T> channel, T value, Runnable then) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(then, "then");
    return add(new Case(channel, true, value, null, then));
  }

  /**
   * Blocks until one case can proceed, performs it and runs its action.
   *
   * @return the index of the chosen case, in the order the cases were added
   * @throws CancelledException if the context is done, or the thread is interrupted (flag kept), first; both are
   *     checked on entry, so a done context or a pending interrupt wins over ready cases
   * @throws ChannelClosedException if the chosen case is a send on a closed channel
   * @throws IllegalStateException if there are no cases
   */
  public int run() {
    if (Thread.currentThread().isInterrupted()) {
      ctx.throwIfDone(); // a done context wins: its cause is the more useful answer
      throw new CancelledException("interrupted before a select");
    }
    return select(true);
  }

  /**
   * Performs a case that can proceed now, if any (Go's {@code default}).
   *
   * @return the index of the chosen case, or {@code -1} if none was ready
   * @throws CancelledException if the context is done
   * @throws ChannelClosedException if the chosen case is a send on a closed channel
   * @throws IllegalStateException if there are no cases
   */
  public int tryRun() {
    return select(false);
  }

  private Select add(Case c) {
    cases.add(c);
    lockOrder = null;
    return this;
  }

  private int select(boolean block) {
    int k;
    while ((k = selectOnce(block)) == RESTART) {
      // woken to look again: loop rather than recurse, however often other threads are quicker
    }
    return k;
  }

  /** One attempt: the chosen case, {@code -1} (nothing ready, not blocking) or {@link #RESTART}. */
  private int selectOnce(boolean block) {
    int n = cases.size();
    if (n == 0) {
      throw new IllegalStateException("select has no cases");
    }
    ctx.throwIfDone();
    Channel<?>[] locks = lockOrder();
    int[] order = shuffledIndexes(n);
    int fired = -1;
    Object received = null;
    Waiter w = null;
    Waiter.Node[] nodes = null;
    for (Channel<?> ch : locks) {
      ch.lock();
    }
    try {
      for (int k : order) {
        Case c = cases.get(k);
        if (c.send) {
          if (c.channel.offerLocked(c.value)) {
            fired = k;
            break;
          }
        } else {
          Object v = c.channel.pollLocked();
          if (v != Channel.NONE) {
            fired = k;
            received = v;
            break;
          }
          if (c.channel.endOfStreamLocked()) {
            fired = k;
            break;
          }
        }
      }
      if (fired < 0 && block) {
        w = new Waiter();
        nodes = new Waiter.Node[n];
        for (int i = 0; i < n; i++) {
          Case c = cases.get(i);
          nodes[i] = new Waiter.Node(w, c.value, i);
          c.channel.enqueueLocked(nodes[i], c.send);
        }
        // Queued: look once more, since buffered channels take and give values without the lock. Nobody can have
        // claimed our waiter (that needs a lock we hold), so on a change we withdraw and start over.
        for (int i = 0; i < n; i++) {
          Case c = cases.get(i);
          if (c.channel.readyLocked(c.send)) {
            for (int j = 0; j < n; j++) {
              cases.get(j).channel.removeLocked(nodes[j], cases.get(j).send);
            }
            w = null;
            break;
          }
        }
      }
    } finally {
      for (int i = locks.length - 1; i >= 0; i--) {
        locks[i].unlock();
      }
    }
    if (fired >= 0) {
      return perform(fired, true, received);
    }
    if (!block) {
      return -1;
    }
    if (w == null) {
      return RESTART;
    }
    int outcome = w.await(ctx, false, 0L, false, true);
    for (int i = 0; i < n; i++) {
      Case c = cases.get(i);
      c.channel.dequeue(nodes[i], c.send);
    }
    switch (outcome) {
      case Waiter.MATCHED:
        return perform(w.caseIndex, true, w.received);
      case Waiter.CLOSED:
        if (cases.get(w.caseIndex).send) {
          return perform(w.caseIndex, false, null);
        }
        return RESTART; // a closed channel may still hold values: look again, it is ready now
      case Waiter.RETRY:
        // A value was buffered, or a slot freed, for one of the cases: look again.
        Case woke = cases.get(w.caseIndex);
        woke.channel.retryArrived(woke.send);
        return RESTART;
      default:
        ctx.throwIfDone();
        throw new CancelledException("interrupted while waiting in a select");
    }
  }

  /** Runs the action of case {@code k}; {@code ok} false means its channel was closed. */
  private int perform(int k, boolean ok, Object received) {
    Case c = cases.get(k);
    if (c.send) {
      if (!ok) {
        throw c.channel.closedException();
      }
      c.onSent.run();
    } else {
      c.onReceive.accept(Optional.ofNullable(received));
    }
    return k;
  }

  private Channel<?>[] lockOrder() {
    Channel<?>[] l = lockOrder;
    if (l == null) {
      IdentityHashMap<Channel<?>, Boolean> distinct = new IdentityHashMap<>();
      for (Case c : cases) {
        distinct.put(c.channel, Boolean.TRUE);
      }
      l = distinct.keySet().toArray(new Channel<?>[0]);
      Arrays.sort(l, Comparator.comparingLong(ch -> ch.id));
      lockOrder = l;
    }
    return l;
  }

  private static int[] shuffledIndexes(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  private record Case(
      Channel<?> channel, boolean send, Object value, Consumer<Optional<Object>> onReceive, Runnable onSent) {}
}
