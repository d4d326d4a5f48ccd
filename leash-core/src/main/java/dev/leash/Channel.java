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
 *       a send that throws delivers nothing. Values are received in the order their sends completed (FIFO).
 *   <li><b>Cancellation:</b> a blocked call returns promptly when its context is done, throwing
 *       {@link CancelledException} ({@link DeadlineExceededException} for a deadline), or when its thread is
 *       interrupted, throwing {@link CancelledException} with the interrupt flag kept. It then has not sent or
 *       received anything.
 * </ul>
 *
 * <p>Values must not be null. The first blocked call in line checks for its partner a bounded number of times
 * (about a microsecond, as the JDK's {@code SynchronousQueue} does) and then parks in a FIFO queue until woken; the
 * others park at once; none polls. The channel is guarded by one {@link ReentrantLock}, never by a monitor, so
 * virtual threads do not pin. {@link Select} waits on several channels at once.
 *
 * <p><b>Memory effects:</b> actions before a send happen-before the receive that gets its value returns.
 *
 * @param <T> the type of the values
 */
public final class Channel<T> {
  /** Returned by the internal poll when nothing is available; never escapes this package. */
  static final Object NONE = new Object();
  private static final AtomicLong IDS = new AtomicLong();

  /** Total order used by {@link Select} to lock several channels without deadlock. */
  final long id = IDS.incrementAndGet();
  final ReentrantLock lock = new ReentrantLock();
  private final Object[] buffer;
  private int head;
  private int count;
  private final ArrayDeque<Waiter.Node> senders = new ArrayDeque<>();
  private final ArrayDeque<Waiter.Node> receivers = new ArrayDeque<>();
  private volatile boolean closed;

  private Channel(int capacity) {
    this.buffer = new Object[capacity];
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
    return buffer.length;
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
    return Optional.ofNullable(doReceive(ctx, true, false, 0L));
  }

  /**
   * Receives a value if one is available without waiting.
   *
   * @return the value, or empty if none is available now (then {@link #isDrained()} tells whether one ever will be)
   */
  public Optional<T> tryReceive() {
    return Optional.ofNullable(doReceive(Context.background(), false, false, 0L));
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
    return Optional.ofNullable(doReceive(ctx, true, true, MonoClock.saturatedNanos(timeout)));
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
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      failAll(senders);
      failAll(receivers);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Whether the channel is closed and holds no value: no receive will ever return a value again. Final once true. */
  public boolean isDrained() {
    lock.lock();
    try {
      return closed && count == 0;
    } finally {
      lock.unlock();
    }
  }

  /** Number of values in the buffer (always 0 for an unbuffered channel). */
  public int size() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** Number of threads (or select cases) blocked sending, including withdrawn ones not yet removed; for tests. */
  int waitingSenders() {
    lock.lock();
    try {
      return senders.size();
    } finally {
      lock.unlock();
    }
  }

  /** Number of threads (or select cases) blocked receiving; for tests. */
  int waitingReceivers() {
    lock.lock();
    try {
      return receivers.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Channel[capacity=" + buffer.length + ", size=" + size() + (closed ? ", closed" : "") + "]";
  }

  /** Removes and returns every buffered value (oldest first), leaving blocked senders' values where they are. */
  List<T> drainBuffer() {
    lock.lock();
    try {
      List<T> out = new ArrayList<>(count);
      while (count > 0) {
        out.add(dequeue());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private boolean doSend(Context ctx, T value, boolean block, boolean timed, long timeoutNanos) {
    long deadline = 0L;
    while (true) {
      Waiter w;
      Waiter.Node node;
      boolean spin;
      lock.lock();
      try {
        if (offerLocked(value)) {
          return true;
        }
        if (!block || (timed && timeoutNanos <= 0)) {
          return false;
        }
        w = new Waiter();
        node = new Waiter.Node(w, value, 0);
        spin = senders.isEmpty();
        senders.addLast(node);
      } finally {
        lock.unlock();
      }
      if (timed && deadline == 0L) {
        deadline = deadline(timeoutNanos);
      }
      switch (w.await(ctx, timed, deadline, spin)) {
        case Waiter.MATCHED:
          return true;
        case Waiter.CLOSED:
          throw closedException();
        case Waiter.RETRY:
          // A buffer slot was freed: offer again before looking at the context (the next wait checks it).
          continue;
        default:
          remove(senders, node);
          checkWhyWithdrawn(ctx, "send");
          return false;
      }
    }
  }


  /**
   * The receive behind every public form: the value, or null when none came (end of stream, nothing ready without
   * blocking, timeout). Package-private so that pool workers skip the {@code Optional}.
   */
  @SuppressWarnings("unchecked")
  T doReceive(Context ctx, boolean block, boolean timed, long timeoutNanos) {
    long deadline = 0L;
    while (true) {
      Waiter w;
      Waiter.Node node;
      boolean spin;
      lock.lock();
      try {
        Object v = pollLocked();
        if (v != NONE) {
          return (T) v;
        }
        if (closed || !block || (timed && timeoutNanos <= 0)) {
          return null;
        }
        w = new Waiter();
        node = new Waiter.Node(w, null, 0);
        spin = receivers.isEmpty();
        receivers.addLast(node);
      } finally {
        lock.unlock();
      }
      if (timed && deadline == 0L) {
        deadline = deadline(timeoutNanos);
      }
      switch (w.await(ctx, timed, deadline, spin)) {
        case Waiter.MATCHED:
          return (T) w.received;
        case Waiter.RETRY, Waiter.CLOSED:
          // A value was buffered, or the channel closed (values may remain): look again. The context is checked
          // by the next wait, after this look, so a woken receiver never leaves a value behind unnoticed.
          continue;
        default:
          remove(receivers, node);
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

  private static void checkWhyWithdrawn(Context ctx, String op) {
    ctx.throwIfDone();
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException("interrupted while waiting to " + op + " on a channel");
    }
  }

  ChannelClosedException closedException() {
    return new ChannelClosedException("send on a closed channel");
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
    Waiter.Node n;
    if (buffer.length == 0) {
      while ((n = receivers.pollFirst()) != null) {
        if (n.waiter.tryClaim()) {
          n.waiter.complete(Waiter.MATCHED, value, n.caseIndex);
          return true;
        }
      }
      return false;
    }
    if (count == buffer.length) {
      return false;
    }
    int tail = head + count;
    buffer[tail >= buffer.length ? tail - buffer.length : tail] = value;
    count++;
    // Buffered: wake one waiting receiver to come and look, rather than handing the value to it. A receiver that is
    // already running may take it first, which saves a context switch per value under load.
    signalLocked(receivers);
    return true;
  }

  /** Wakes the first live waiter of {@code queue}, if any, to look at the buffer again. Caller holds the lock. */
  private static void signalLocked(ArrayDeque<Waiter.Node> queue) {
    Waiter.Node n;
    while ((n = queue.pollFirst()) != null) {
      if (n.waiter.tryClaim()) {
        n.waiter.complete(Waiter.RETRY, null, n.caseIndex);
        return;
      }
    }
  }


  /**
   * Takes the next value from the buffer (waking a waiting sender to offer again) or from a waiting sender.
   * Caller holds the lock.
   *
   * @return the value, or {@link #NONE}
   */
  Object pollLocked() {
    if (count > 0) {
      Object v = dequeue();
      // Every slot freed wakes one waiting sender to come and offer again, rather than moving its value in: by the
      // time it runs, more slots are usually free, so a fast sender blocks once per burst, not once per value.
      signalLocked(senders);
      return v;
    }
    Waiter.Node n;
    while ((n = senders.pollFirst()) != null) {
      if (n.waiter.tryClaim()) {
        n.waiter.complete(Waiter.MATCHED, null, n.caseIndex);
        return n.item;
      }
    }
    return NONE;
  }

  /** Whether the channel is closed; caller holds the lock. */
  boolean closedLocked() {
    return closed;
  }

  /** Queues a waiting case; caller holds the lock. */
  void enqueueLocked(Waiter.Node node, boolean send) {
    (send ? senders : receivers).addLast(node);
  }

  /** Removes a withdrawn or completed case, taking the lock. */
  void dequeue(Waiter.Node node, boolean send) {
    remove(send ? senders : receivers, node);
  }

  @SuppressWarnings("unchecked")
  private T dequeue() {
    Object v = buffer[head];
    buffer[head] = null;
    if (++head == buffer.length) {
      head = 0;
    }
    count--;
    return (T) v;
  }

  private void remove(ArrayDeque<Waiter.Node> queue, Waiter.Node node) {
    lock.lock();
    try {
      queue.removeFirstOccurrence(node);
    } finally {
      lock.unlock();
    }
  }

  private static void failAll(ArrayDeque<Waiter.Node> queue) {
    Waiter.Node n;
    while ((n = queue.pollFirst()) != null) {
      if (n.waiter.tryClaim()) {
        n.waiter.complete(Waiter.CLOSED, null, n.caseIndex);
      }
    }
  }
}
