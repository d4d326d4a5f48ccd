package dev.leash;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A typed hand-off between threads, after Go's channels, where every blocking call watches a {@link Context}.
 *
 * <pre>{@code
 * Channel<Job> jobs = Channel.buffered(16);
 * // producer                                   // consumer
 * jobs.send(ctx, job);                          for (Job j : jobs.values(ctx)) {
 * jobs.close();                                   handle(j);
 *                                               }   // ends once closed and drained
 * }</pre>
 *
 * <ul>
 *   <li><b>Unbuffered</b> ({@link #unbuffered()}): a send completes only when a receiver has taken the value.
 *       <b>Buffered</b> ({@link #buffered(int)}): a send completes once the value is in the buffer or taken.
 *   <li><b>Closing</b> ({@link #close()}) is idempotent and wakes every blocked sender (which throws
 *       {@link ChannelClosedException}: its value is never received) and every blocked receiver. Values already
 *       buffered stay receivable: the end of the stream is reached once the channel is closed <em>and</em> drained,
 *       and {@link #receive(Context)} signals it with {@link Optional#empty()}.
 *   <li><b>No loss, no duplicates:</b> every send that returns normally delivers its value to exactly one receive;
 *       a send that throws delivers nothing.
 *   <li><b>Order (FIFO):</b> each send takes effect at one instant between its call and its return, and values are
 *       received in that order. So one sender's values arrive in the order it sent them; a value whose send returned
 *       before another send began is received first; sends that overlap in time may arrive in either order. A
 *       sender blocked on a full buffer holds no place in line: a send that finds room may overtake it. A receive
 *       (non-blocking {@link #tryReceive()} included) that begins after a send returned on a buffered channel finds
 *       that value or an earlier one: it never reports "nothing now" while a value whose send has returned is in the
 *       buffer; likewise {@link #trySend(Object)} never reports "full" while a slot freed by a returned receive is
 *       free. (Model-checked by {@code ChannelLincheckTest}.)
 *   <li><b>Cancellation:</b> a blocked call returns promptly when its context is done, throwing
 *       {@link CancelledException} ({@link DeadlineExceededException} for a deadline; the cause itself when the
 *       context was cancelled with a {@code CancelledException} cause), or when its thread is interrupted, throwing
 *       {@link CancelledException} with the interrupt flag kept. It then has not sent or received anything. The
 *       blocking forms ({@code send}, {@code receive}, and the timed {@code trySend}/{@code tryReceive}) check both
 *       on entry, before looking at the channel: a context already done or an interrupt already pending stops them
 *       even when a value or a slot is ready (as {@code BlockingQueue.take} does). The non-blocking
 *       {@link #trySend(Object)} and {@link #tryReceive()} look at neither.
 * </ul>
 *
 * <p>Values must not be null. A buffered channel keeps its values in a lock-free ring: a send that finds room and a
 * receive that finds a value take no lock. Blocked calls wait in FIFO queues guarded by a {@link ReentrantLock} (never
 * a monitor, so virtual threads do not pin), and are woken one at a time as values or slots appear. On an unbuffered
 * channel the first blocked call in line checks for its partner a bounded number of times (about a microsecond, as
 * the JDK's {@code SynchronousQueue} does) before it parks; every other waiter parks at once; none polls.
 * {@link Select} waits on several channels at once.
 *
 * <p><b>Memory effects:</b> actions before a send happen-before the receive that gets its value returns.
 *
 * @param <T> the type of the values
 */
public final class Channel<T> {
  /** Returned by the internal poll when nothing is available; never escapes this package. */
  static final Object NONE = new Object();
  private static final AtomicLong IDS = new AtomicLong();

  /** Attempts at the lock before queueing for it (none on a single processor). */
  private static final int LOCK_SPINS = Waiter.SPINS > 0 ? 32 : 0;

  /** Total order used by {@link Select} to lock several channels without deadlock. */
  final long id = IDS.incrementAndGet();
  /** Guards the waiter queues (and, unbuffered, every hand-off); a buffered channel's values need no lock. */
  final ReentrantLock lock = new ReentrantLock();
  private final int capacity;
  /** The buffer of a buffered channel; null when unbuffered. */
  private final Ring ring;
  private final ArrayDeque<Waiter.Node> senders = new ArrayDeque<>();
  private final ArrayDeque<Waiter.Node> receivers = new ArrayDeque<>();
  /** Sizes of the waiter queues, written under the lock, read without it by the lock-free buffer operations. */
  private volatile int sendersWaiting;
  private volatile int receiversWaiting;
  /**
   * Receivers (senders) woken with {@link Waiter#RETRY} that have not yet come back to the lock. While one is on its
   * way, a new value (free slot) wakes nobody else: the one that arrives passes the turn on if work is left. So a
   * producer outrunning its consumers pays for at most one wake-up at a time, not one per value. Written under the
   * lock.
   */
  private volatile int wakingReceivers;
  private volatile int wakingSenders;
  /** Waiters completed under the lock, to be unparked by {@link #unlock()} once the lock is free. */
  private Waiter wake1;
  private Waiter wake2;
  private volatile boolean closed;

  /**
   * Test hook, false except while {@code UnbufferedChannelLincheckTest} plants a lost wake-up (close leaving blocked
   * senders asleep), to show its check catches it. Read once per close.
   */
  static boolean plantedCloseKeepsSenders;

  private Channel(int capacity) {
    this(capacity, capacity == 0 ? null : new Ring(capacity));
  }

  private Channel(int capacity, Ring ring) {
    this.capacity = capacity;
    this.ring = ring;
  }

  /** A buffered channel over {@code ring}: for the model-checking test that plants a bug in the ring. */
  static <T> Channel<T> over(Ring ring) {
    return new Channel<>(ring.capacity, ring);
  }

  /** A channel without buffer: each send waits until a receiver takes its value. */
  public static <T> Channel<T> unbuffered() {
    return new Channel<>(0);
  }

  /**
   * A channel that holds up to {@code capacity} values not yet received; sends block only when it is full.
   * {@code buffered(0)} is the same as {@link #unbuffered()}.
   *
   * @throws IllegalArgumentException if {@code capacity < 0}
   */
  public static <T> Channel<T> buffered(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    }
    return new Channel<>(capacity);
  }

  /** The buffer size given at creation ({@code 0} for an unbuffered channel). */
  public int capacity() {
    return capacity;
  }

  /**
   * Sends {@code value}, blocking until a receiver takes it (unbuffered) or it fits in the buffer.
   *
   * @throws NullPointerException if {@code ctx} or {@code value} is null
   * @throws ChannelClosedException if the channel is closed, before or while waiting
   * @throws CancelledException if {@code ctx} is done (a {@link DeadlineExceededException} for a deadline) or the
   *     thread is interrupted (the flag is kept); the value was not sent
   */
  public void send(Context ctx, T value) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(value, "value");
    ctx.throwIfDone();
    checkInterrupt("send");
    doSend(ctx, value, true, false, 0L);
  }

  /**
   * Sends {@code value} if that is possible without waiting: a receiver is waiting or the buffer has room.
   *
   * @return whether the value was sent
   * @throws NullPointerException if {@code value} is null
   * @throws ChannelClosedException if the channel is closed
   */
  public boolean trySend(T value) {
    Objects.requireNonNull(value, "value");
    return doSend(Context.background(), value, false, false, 0L);
  }

  /**
   * Sends {@code value}, waiting at most {@code timeout} for a receiver or for room in the buffer.
   *
   * @return whether the value was sent; {@code false} means it was not and never will be
   * @throws NullPointerException if an argument is null
   * @throws ChannelClosedException if the channel is closed, before or while waiting
   * @throws CancelledException if {@code ctx} is done or the thread is interrupted (flag kept)
   */
  public boolean trySend(Context ctx, T value, Duration timeout) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(timeout, "timeout");
    ctx.throwIfDone();
    checkInterrupt("send");
    return doSend(ctx, value, true, true, MonoClock.saturatedNanos(timeout));
  }

  /**
   * Receives the next value, blocking until one is available or the channel is closed and drained.
   *
   * @return the value, or {@link Optional#empty()} once the channel is closed and every value was received
   * @throws NullPointerException if {@code ctx} is null
   * @throws CancelledException if {@code ctx} is done or the thread is interrupted (flag kept); nothing was received
   */
  public Optional<T> receive(Context ctx) {
    Objects.requireNonNull(ctx, "ctx");
    ctx.throwIfDone();
    checkInterrupt("receive");
    return Optional.ofNullable(doReceive(ctx, true, false, 0L, true));
  }

  /**
   * Receives a value if one is available without waiting.
   *
   * @return the value, or empty if none is available now (then {@link #isDrained()} tells whether one ever will be)
   */
  public Optional<T> tryReceive() {
    return Optional.ofNullable(doReceive(Context.background(), false, false, 0L, true));
  }

  /**
   * Receives a value, waiting at most {@code timeout} for one.
   *
   * @return the value, or empty on timeout or once the channel is closed and drained ({@link #isDrained()} tells)
   * @throws NullPointerException if an argument is null
   * @throws CancelledException if {@code ctx} is done or the thread is interrupted (flag kept)
   */
  public Optional<T> tryReceive(Context ctx, Duration timeout) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(timeout, "timeout");
    ctx.throwIfDone();
    checkInterrupt("receive");
    return Optional.ofNullable(doReceive(ctx, true, true, MonoClock.saturatedNanos(timeout), true));
  }

  /**
   * The values of this channel for a for-each loop, which ends once the channel is closed and drained. Each
   * {@code hasNext()} blocks like {@link #receive(Context)} and throws {@link CancelledException} when {@code ctx} is
   * done. Several threads may iterate at once (each value goes to one of them); one iterator is for one thread.
   */
  public Iterable<T> values(Context ctx) {
    Objects.requireNonNull(ctx, "ctx");
    return () -> new Iterator<>() {
      private T next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        if (next == null && !ended) {
          Optional<T> v = receive(ctx);
          if (v.isPresent()) {
            next = v.get();
          } else {
            ended = true;
          }
        }
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("channel closed and drained");
        }
        T v = next;
        next = null;
        return v;
      }
    };
  }

  /**
   * Closes the channel: later sends throw {@link ChannelClosedException}, blocked senders are woken and throw it,
   * blocked receivers are woken and see the end of the stream. Buffered values remain receivable. Idempotent.
   *
   * @return whether this call closed it ({@code false} if it was closed already)
   */
  public boolean close() {
    lock();
    try {
      if (closed) {
        return false;
      }
      if (ring != null) {
        ring.close(); // first: once isClosed() is true, no send can succeed
      }
      closed = true;
      if (!plantedCloseKeepsSenders) {
        failAll(senders);
      }
      failAll(receivers);
      return true;
    } finally {
      unlock();
    }
  }

  /** Whether {@link #close()} was called; once true, every send fails. */
  public boolean isClosed() {
    // A buffered channel is closed from the moment its ring is: a send may fail on the ring's close bit before
    // close() has set `closed` (ChannelLincheckTest found isClosed() lagging behind a failed send).
    return ring != null ? ring.isClosed() : closed;
  }

  /** Whether the channel is closed and holds no value: no receive will ever return a value again. Final once true. */
  public boolean isDrained() {
    return ring != null ? ring.drained() : closed;
  }

  /** Number of values in the buffer (always 0 for an unbuffered channel); a snapshot when others are at work. */
  public int size() {
    return ring == null ? 0 : ring.size();
  }

  /** Number of threads (or select cases) blocked sending, including withdrawn ones not yet removed; for tests. */
  int waitingSenders() {
    return waiting(senders, true);
  }

  /** Number of threads (or select cases) blocked receiving; for tests. */
  int waitingReceivers() {
    return waiting(receivers, false);
  }

  private int waiting(ArrayDeque<Waiter.Node> queue, boolean send) {
    if (ring != null) {
      return send ? sendersWaiting : receiversWaiting;
    }
    lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Channel[capacity=" + capacity + ", size=" + size() + (closed ? ", closed" : "") + "]";
  }

  /**
   * Removes and returns every buffered value (oldest first), leaving blocked senders' values where they are. Called
   * once the channel is closed: a send that claimed a slot just before the close is waited for (it is a matter of a
   * few instructions), so that no accepted value is missed.
   */
  @SuppressWarnings("unchecked")
  List<T> drainBuffer() {
    List<T> out = new ArrayList<>();
    if (ring == null) {
      return out;
    }
    while (true) {
      Object v = ring.poll();
      if (v != null) {
        out.add((T) v);
      } else if (!closed || ring.drained()) {
        return out;
      } else {
        Thread.yield(); // a sender is between claiming its slot and publishing its value
      }
    }
  }

  private boolean doSend(Context ctx, T value, boolean block, boolean timed, long timeoutNanos) {
    if (ring != null) { // the fast path: no lock unless someone waits
      int r = ring.offer(value);
      if (r == Ring.OK) {
        afterOffer();
        return true;
      }
      if (r == Ring.CLOSED) {
        throw closedException();
      }
      if (!block || (timed && timeoutNanos <= 0)) {
        return false;
      }
    }
    long deadline = 0L;
    boolean woken = false;
    while (true) {
      Waiter w;
      Waiter.Node node;
      boolean spin;
      lock();
      try {
        if (woken) {
          wakingSenders--;
          woken = false;
        }
        if (offerLocked(value)) {
          return true;
        }
        if (!block || (timed && timeoutNanos <= 0)) {
          return false;
        }
        w = new Waiter();
        node = new Waiter.Node(w, value, 0);
        spin = ring == null && senders.isEmpty();
        addWaiter(senders, node, true);
        // Queued: look once more, since a receiver freeing a slot looks for waiters without the lock. (The close()
        // that could make this offer fail needs the lock we hold.) Our node goes before anyone is woken, so that
        // we never wake ourselves.
        if (ring != null && ring.offer(value) == Ring.OK) {
          removeWaiter(senders, node, true);
          afterOfferLocked();
          return true;
        }
      } finally {
        unlock();
      }
      if (timed && deadline == 0L) {
        deadline = deadline(timeoutNanos);
      }
      switch (w.await(ctx, timed, deadline, spin, true)) {
        case Waiter.MATCHED:
          return true;
        case Waiter.CLOSED:
          throw closedException();
        case Waiter.RETRY:
          // A buffer slot was freed: offer again before looking at the context (the next wait checks it).
          woken = true;
          continue;
        default:
          dequeue(node, true);
          checkWhyWithdrawn(ctx, "send");
          return false;
      }
    }
  }

  /**
   * The receive behind every public form: the value, or null when none came (end of stream, nothing ready without
   * blocking, timeout). Package-private so that pool workers skip the {@code Optional}.
   *
   * @param watchContext false only for a thread that {@code ctx}'s owner interrupts when it is cancelled
   */
  @SuppressWarnings("unchecked")
  T doReceive(Context ctx, boolean block, boolean timed, long timeoutNanos, boolean watchContext) {
    if (ring != null) { // the fast path: no lock unless someone waits
      Object v = ring.poll();
      if (v != null) {
        afterPoll();
        return (T) v;
      }
    }
    long deadline = 0L;
    boolean woken = false;
    while (true) {
      Waiter w;
      Waiter.Node node;
      boolean spin;
      lock();
      try {
        if (woken) {
          wakingReceivers--;
          woken = false;
        }
        Object v = pollLocked();
        if (v != NONE) {
          return (T) v;
        }
        if (endOfStreamLocked() || !block || (timed && timeoutNanos <= 0)) {
          return null;
        }
        w = new Waiter();
        node = new Waiter.Node(w, null, 0);
        spin = ring == null && receivers.isEmpty();
        addWaiter(receivers, node, false);
        // Queued: look once more, since a sender publishing a value looks for waiters without the lock. Our node
        // goes before anyone is woken, so that we never wake ourselves.
        if (ring != null) {
          v = ring.poll();
          if (v != null || ring.drained()) {
            removeWaiter(receivers, node, false);
            if (v == null) {
              failAll(receivers);
              return null;
            }
            afterPollLocked();
            return (T) v;
          }
        }
      } finally {
        unlock();
      }
      if (timed && deadline == 0L) {
        deadline = deadline(timeoutNanos);
      }
      switch (w.await(ctx, timed, deadline, spin, watchContext)) {
        case Waiter.MATCHED:
          return (T) w.received;
        case Waiter.RETRY:
          // A value was buffered: look again. The context is checked by the next wait, after this look, so a woken
          // receiver never leaves a value behind unnoticed.
          woken = true;
          continue;
        case Waiter.CLOSED:
          continue; // values may remain: look again
        default:
          dequeue(node, false);
          checkWhyWithdrawn(ctx, "receive");
          return null;
      }
    }
  }

  /**
   * {@code System.nanoTime() + timeoutNanos}, computed only once a call has to wait. Timeouts are capped at about 73
   * years so that differences with {@code nanoTime()} cannot overflow.
   */
  private static long deadline(long timeoutNanos) {
    return System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
  }

  /**
   * An interrupt pending when a blocking call begins stops it even if it could go ahead at once, as
   * {@code BlockingQueue.take} does: a loop over busy channels still sees {@code shutdownNow}. The flag is kept.
   */
  private static void checkInterrupt(String op) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException("interrupted before a " + op + " on a channel");
    }
  }

  private static void checkWhyWithdrawn(Context ctx, String op) {
    ctx.throwIfDone();
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException("interrupted while waiting to " + op + " on a channel");
    }
  }

  ChannelClosedException closedException() {
    return new ChannelClosedException("send on a closed channel");
  }

  /** After a lock-free offer: take the lock only if a waiting receiver needs waking and none is on its way. */
  private void afterOffer() {
    if (receiversWaiting != 0 && wakingReceivers == 0) {
      lock();
      try {
        afterOfferLocked();
      } finally {
        unlock();
      }
    }
  }

  /**
   * After a lock-free poll: take the lock only if a waiting sender needs waking, or the channel is now closed and
   * drained with receivers still waiting.
   */
  private void afterPoll() {
    if ((sendersWaiting != 0 && wakingSenders == 0) || (closed && receiversWaiting != 0 && ring.drained())) {
      lock();
      try {
        afterPollLocked();
      } finally {
        unlock();
      }
    }
  }

  /**
   * Puts {@code value} in the buffer (waking a waiting receiver to look) or, unbuffered, hands it to a waiting
   * receiver. Caller holds the lock.
   *
   * @return false if it has to wait
   * @throws ChannelClosedException if the channel is closed
   */
  boolean offerLocked(Object value) {
    if (closed) {
      throw closedException();
    }
    if (ring == null) {
      Waiter.Node n;
      while ((n = pollWaiter(receivers, false)) != null) {
        if (n.waiter.tryClaim()) {
          n.waiter.publish(Waiter.MATCHED, value, n.caseIndex);
          wakeAfterUnlock(n.waiter);
          return true;
        }
      }
      return false;
    }
    int r = ring.offer(value);
    if (r == Ring.CLOSED) {
      throw closedException();
    }
    if (r == Ring.FULL) {
      return false;
    }
    afterOfferLocked();
    return true;
  }

  /**
   * After a value went into the buffer: wake a waiting receiver to come and look, rather than handing the value to
   * it (a receiver that is already running may take it first, which saves a context switch per value under load);
   * and pass the turn on to another waiting sender while slots are left. Caller holds the lock and is not queued.
   */
  private void afterOfferLocked() {
    wakeReceiverLocked();
    wakeSenderLocked();
  }

  /**
   * Takes the next value from the buffer (waking a waiting sender to offer again) or from a waiting sender.
   * Caller holds the lock.
   *
   * @return the value, or {@link #NONE}
   */
  Object pollLocked() {
    if (ring != null) {
      Object v = ring.poll();
      if (v == null) {
        return NONE;
      }
      afterPollLocked();
      return v;
    }
    Waiter.Node n;
    while ((n = pollWaiter(senders, true)) != null) {
      if (n.waiter.tryClaim()) {
        n.waiter.publish(Waiter.MATCHED, null, n.caseIndex);
        wakeAfterUnlock(n.waiter);
        return n.item;
      }
    }
    return NONE;
  }

  /**
   * After a value was taken from the buffer: a freed slot wakes a waiting sender to come and offer again, rather
   * than moving its value in (by the time it runs, more slots are usually free, so a fast sender blocks once per
   * burst, not once per value); a woken receiver passes the turn on while values are left; and the last value taken
   * after a close releases the receivers still waiting. Caller holds the lock and is not queued.
   */
  private void afterPollLocked() {
    wakeSenderLocked();
    wakeReceiverLocked();
    if (closed && receiversWaiting != 0 && ring.drained()) {
      failAll(receivers);
    }
  }

  /**
   * Whether the channel is closed and no value will come any more; if so, releases the other waiting receivers too.
   * Caller holds the lock and is not queued.
   */
  boolean endOfStreamLocked() {
    if (!closed || (ring != null && !ring.drained())) {
      return false;
    }
    failAll(receivers);
    return true;
  }

  /**
   * For a {@link Select} queued on this channel: whether a case that waits here could now go ahead, looking without
   * taking anything (a buffered channel's values and slots change without the lock). Caller holds the lock.
   */
  boolean readyLocked(boolean send) {
    if (ring == null) {
      return false; // unbuffered hand-offs happen only under the lock we hold
    }
    return send ? ring.canOffer() : ring.canPoll() || ring.drained();
  }

  /** Queues a waiting case; caller holds the lock. */
  void enqueueLocked(Waiter.Node node, boolean send) {
    addWaiter(send ? senders : receivers, node, send);
  }

  /** Removes a case queued by this thread; caller holds the lock. */
  void removeLocked(Waiter.Node node, boolean send) {
    removeWaiter(send ? senders : receivers, node, send);
  }

  /** Removes a withdrawn or completed case, taking the lock. */
  void dequeue(Waiter.Node node, boolean send) {
    lock();
    try {
      removeLocked(node, send);
    } finally {
      unlock();
    }
  }

  /** Wakes a waiting receiver to look at the buffer, unless one is already on its way. Caller holds the lock. */
  private void wakeReceiverLocked() {
    if (wakingReceivers == 0 && !receivers.isEmpty() && ring.size() > 0 && signalLocked(receivers, false)) {
      wakingReceivers++;
    }
  }

  /** Wakes a waiting sender to offer again, unless one is already on its way. Caller holds the lock. */
  private void wakeSenderLocked() {
    if (wakingSenders == 0 && !senders.isEmpty() && ring.size() < capacity && signalLocked(senders, true)) {
      wakingSenders++;
    }
  }

  /**
   * A {@link Select} woken by this channel with {@link Waiter#RETRY} has come back: it no longer counts as on its
   * way, and since it may choose another channel, the turn passes on to the next waiter if work is left.
   */
  void retryArrived(boolean send) {
    lock();
    try {
      if (send) {
        wakingSenders--;
        wakeSenderLocked();
      } else {
        wakingReceivers--;
        wakeReceiverLocked();
      }
    } finally {
      unlock();
    }
  }

  /** Wakes the first live waiter of {@code queue}, if any, to look at the buffer again. Caller holds the lock. */
  private boolean signalLocked(ArrayDeque<Waiter.Node> queue, boolean send) {
    Waiter.Node n;
    while ((n = pollWaiter(queue, send)) != null) {
      if (n.waiter.tryClaim()) {
        n.waiter.publish(Waiter.RETRY, null, n.caseIndex);
        wakeAfterUnlock(n.waiter);
        return true;
      }
    }
    return false;
  }

  /**
   * Remembers a waiter completed under the lock, for {@link #unlock()} to unpark: woken while the lock is still
   * held, its thread would only block on the lock again. Caller holds the lock.
   */
  private void wakeAfterUnlock(Waiter w) {
    if (wake1 == null) {
      wake1 = w;
    } else if (wake2 == null) {
      wake2 = w;
    } else {
      w.wake(); // a third in one lock section (a select's second look): wake it now
    }
  }

  /**
   * Takes the lock, trying a few times before queueing for it: it is held for a few dozen instructions at a time,
   * so a thread that finds it taken (typically the partner of a hand-off) usually gets it within a spin, while
   * queueing for it means parking and being unparked, which costs microseconds.
   */
  void lock() {
    for (int i = LOCK_SPINS; i > 0; i--) {
      if (lock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    lock.lock();
  }

  /** Releases the lock, then unparks the waiters completed while holding it. */
  void unlock() {
    Waiter a = wake1;
    Waiter b = wake2;
    wake1 = null;
    wake2 = null;
    lock.unlock();
    if (a != null) {
      a.wake();
    }
    if (b != null) {
      b.wake();
    }
  }

  private void addWaiter(ArrayDeque<Waiter.Node> queue, Waiter.Node node, boolean send) {
    queue.addLast(node);
    setWaiting(queue.size(), send);
  }

  private Waiter.Node pollWaiter(ArrayDeque<Waiter.Node> queue, boolean send) {
    Waiter.Node n = queue.pollFirst();
    if (n != null) {
      setWaiting(queue.size(), send);
    }
    return n;
  }

  private void removeWaiter(ArrayDeque<Waiter.Node> queue, Waiter.Node node, boolean send) {
    if (queue.removeFirstOccurrence(node)) {
      setWaiting(queue.size(), send);
    }
  }

  private void setWaiting(int n, boolean send) {
    if (ring == null) {
      return; // only the lock-free buffer operations read these; unbuffered hand-offs all happen under the lock
    }
    if (send) {
      sendersWaiting = n;
    } else {
      receiversWaiting = n;
    }
  }

  /** Completes every live waiter of {@code queue} with {@link Waiter#CLOSED}. Caller holds the lock. */
  private void failAll(ArrayDeque<Waiter.Node> queue) {
    boolean send = queue == senders;
    Waiter.Node n;
    while ((n = pollWaiter(queue, send)) != null) {
      if (n.waiter.tryClaim()) {
        n.waiter.complete(Waiter.CLOSED, null, n.caseIndex);
      }
    }
  }
}
