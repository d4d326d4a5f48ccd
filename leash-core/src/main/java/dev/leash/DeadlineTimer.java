package dev.leash;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one timer of the JVM that fires context deadlines.
 *
 * <p>Scheduling pushes the context on a lock-free intake stack; the timer thread alone moves entries into its heap, so
 * a deadline costs one CAS and one counter increment on the caller's side, and closing a timed context early costs a
 * counter decrement. The thread is a daemon named {@code leash-timer}, started on the first deadline and ended after
 * {@link #KEEPALIVE_NANOS} with nothing pending. Entries of contexts closed early are dropped when the timer next
 * wakes. It is woken when a deadline earlier than its next wake-up arrives, when the intake holds a multiple of
 * {@link #WAKE_MASK}+1 entries, or when the last pending context is closed while it is parked for long: memory stays
 * bounded without a wake-up per call.
 */
final class DeadlineTimer implements Runnable {
  static final long KEEPALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final int WAKE_MASK = 1023;

  private static final DeadlineTimer INSTANCE = new DeadlineTimer();

  private final AtomicReference<CancelContext> intake = new AtomicReference<>();
  private final AtomicReference<Thread> worker = new AtomicReference<>();
  /** Timed contexts neither fired nor closed. */
  private final AtomicLong pending = new AtomicLong();
  /** When the worker will wake next ({@link MonoClock} time); {@link Long#MIN_VALUE} while it is awake. */
  private volatile long wakeAt = Long.MIN_VALUE;
  /** Whether the worker is parked for longer than the keep-alive: closing the last deadline should wake it. */
  private volatile boolean parkedLong;

  private DeadlineTimer() {}

  static void schedule(CancelContext c) {
    INSTANCE.add(c);
  }

  /** A timed context is done (fired or closed): one fewer pending deadline. */
  static void done() {
    INSTANCE.release();
  }

  /** The live timer thread, or null; for tests. */
  static Thread thread() {
    return INSTANCE.worker.get();
  }

  private void add(CancelContext c) {
    pending.incrementAndGet();
    CancelContext head;
    int depth;
    do {
      head = intake.get();
      c.timerNext = head;
      depth = head == null ? 1 : head.timerDepth + 1;
      c.timerDepth = depth;
    } while (!intake.compareAndSet(head, c));
    Thread w = worker.get();
    if (w == null) {
      startWorker();
    } else if (c.deadline < wakeAt || (depth & WAKE_MASK) == 0) {
      LockSupport.unpark(w);
    }
  }

  private void release() {
    if (pending.decrementAndGet() == 0) {
      Thread w = worker.get();
      if (w != null && parkedLong) {
        LockSupport.unpark(w);
      }
    }
  }

  private void startWorker() {
    Thread t = Thread.ofPlatform()
        .name("leash-timer")
        .daemon(true)
        .inheritInheritableThreadLocals(false)
        .unstarted(this);
    if (worker.compareAndSet(null, t)) {
      t.start();
    }
  }

  @Override
  public void run() {
    Thread self = Thread.currentThread();
    Heap heap = new Heap();
    long idleSince = -1;
    for (;;) {
      wakeAt = Long.MIN_VALUE;
      drainIntake(heap);
      long now = MonoClock.now();
      while (heap.size > 0 && heap.peek().deadline <= now) {
        heap.pop().cancel(DeadlineExceededException.DEADLINE);
      }
      long live = pending.get();
      if (heap.size > 0 && (live == 0 || live * 2 < heap.size)) {
        heap.purgeDone();
      }
      long next;
      if (heap.size > 0) {
        idleSince = -1;
        next = heap.peek().deadline;
      } else {
        if (idleSince < 0) {
          idleSince = now;
        }
        next = idleSince + KEEPALIVE_NANOS;
        if (now >= next && intake.get() == null) {
          worker.compareAndSet(self, null);
          // A producer that saw us still registered relies on us to drain what it pushed.
          if (intake.get() == null || !worker.compareAndSet(null, self)) {
            return;
          }
          continue;
        }
      }
      wakeAt = next;
      if (intake.get() == null) {
        long nanos = Math.max(1, next - now);
        parkedLong = nanos > KEEPALIVE_NANOS;
        LockSupport.parkNanos(this, nanos);
        parkedLong = false;
      }
    }
  }

  private void drainIntake(Heap heap) {
    CancelContext c = intake.getAndSet(null);
    while (c != null) {
      CancelContext next = c.timerNext;
      c.timerNext = null;
      if (!c.isDone()) {
        heap.push(c);
      }
      c = next;
    }
  }

  /** A binary min-heap by deadline, owned by one worker thread. */
  private static final class Heap {
    private CancelContext[] a = new CancelContext[64];
    int size;

    CancelContext peek() {
      return a[0];
    }

    void push(CancelContext c) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        CancelContext p = a[parent];
        if (p.deadline <= c.deadline) {
          break;
        }
        a[i] = p;
        i = parent;
      }
      a[i] = c;
    }

    CancelContext pop() {
      CancelContext top = a[0];
      CancelContext last = a[--size];
      a[size] = null;
      if (size > 0) {
        siftDown(0, last);
      }
      return top;
    }

    private void siftDown(int i, CancelContext c) {
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < size && a[right].deadline < a[child].deadline) {
          child = right;
        }
        if (c.deadline <= a[child].deadline) {
          break;
        }
        a[i] = a[child];
        i = child;
      }
      a[i] = c;
    }

    /** Drops entries of contexts closed before their deadline and rebuilds the heap. */
    void purgeDone() {
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (!a[i].isDone()) {
          a[n++] = a[i];
        }
      }
      Arrays.fill(a, n, size, null);
      size = n;
      for (int i = (size >>> 1) - 1; i >= 0; i--) {
        siftDown(i, a[i]);
      }
      if (a.length > 256 && size < a.length / 4) {
        a = Arrays.copyOf(a, Math.max(64, size * 2));
      }
    }
  }
}
