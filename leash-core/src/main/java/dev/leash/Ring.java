package dev.leash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a buffered {@link Channel}: a bounded multi-producer, multi-consumer array queue that needs no lock,
 * with a close bit in the producer position, so that no offer succeeds after {@link #close()}.
 *
 * <p>Each slot has a sequence number saying whose turn it is. For position {@code p} (slot {@code p % capacity}):
 * sequence {@code 2p} means free for the producer of {@code p}; {@code 2p + 1} means it holds the value of {@code p};
 * after it is taken, {@code 2(p + capacity)} means free for the producer of the next lap. (Doubling keeps "full" and
 * "free again" apart even for a capacity of 1.) A producer claims a position by advancing {@code tail}
 * with a CAS, then writes the value and publishes the sequence; a consumer does the same with {@code head}.
 *
 * <p>Linearizable: each offer and poll takes effect at its CAS. So {@link #poll} waits (a few instructions) for a
 * producer that has claimed the head position but not yet published it, rather than report empty while a later
 * value is in; {@link #offer} likewise waits for a consumer that has claimed the value in its slot but not yet freed
 * it, rather than report full with room left. Values come out in the order of their producers' CASes: one
 * producer's values in the order it offered them, and a value offered after another offer returned comes out after
 * it. ({@code RingLincheckTest} model-checks this.)
 *
 * <p>Sequences are written and read with volatile semantics, so that "publish, then look for waiters" here and
 * "queue as a waiter, then look again" in the channel cannot both miss each other.
 */
final class Ring extends RingPadAfterTail {
  static final int OK = 0;
  static final int FULL = 1;
  static final int CLOSED = 2;

  /** Set in {@code tail} by {@link #close()}; positions stay far below it (2^61 values, sequences twice that). */
  private static final long CLOSED_BIT = 1L << 62;
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle HEAD;
  private static final VarHandle TAIL;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(RingHead.class, "head", long.class);
      TAIL = l.findVarHandle(RingTail.class, "tail", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The fields (items, seq, capacity, head, tail) live in the padded layers of RingLayout.java.

  /**
   * False only in the model-checking test that plants the bug this class once had (poll reporting empty while a
   * claimed value is being published, offer reporting full while a claimed slot is being freed), to show the check
   * catches it.
   */
  private final boolean waitForInFlight;

  Ring(int capacity) {
    this(capacity, true);
  }

  Ring(int capacity, boolean waitForInFlight) {
    super(capacity);
    this.waitForInFlight = waitForInFlight;
    for (int i = 0; i < capacity; i++) {
      seq[i] = 2L * i;
    }
  }

  /** Adds {@code v} at the tail: {@link #OK}, {@link #FULL} or {@link #CLOSED} (then nothing was added). */
  int offer(Object v) {
    int spins = 0;
    long t = tail;
    while (true) {
      if ((t & CLOSED_BIT) != 0) {
        return CLOSED;
      }
      int i = (int) (t % capacity);
      long s = (long) SEQ.getVolatile(seq, i);
      if (s == 2 * t) {
        long witness = (long) TAIL.compareAndExchange(this, t, t + 1);
        if (witness == t) {
          items[i] = v;
          SEQ.setVolatile(seq, i, 2 * t + 1);
          return OK;
        }
        t = witness;
      } else if (s < 2 * t) {
        // The slot still holds the value of the previous lap: full, unless a consumer has claimed that value and is
        // freeing the slot (a few instructions away). Then wait for it: a receive of it may have returned already,
        // and reporting FULL with fewer than capacity values in the ring would break linearizability.
        long now = tail;
        if (now == t) {
          if (!waitForInFlight || head <= t - capacity) {
            return FULL;
          }
          spins = backOff(spins);
          now = tail;
        }
        t = now;
      } else {
        t = tail; // another producer claimed t: try the next position
      }
    }
  }

  /** Takes the value at the head, or returns null if there is none published yet. */
  Object poll() {
    int spins = 0;
    long h = head;
    while (true) {
      int i = (int) (h % capacity);
      long s = (long) SEQ.getVolatile(seq, i);
      if (s == 2 * h + 1) {
        long witness = (long) HEAD.compareAndExchange(this, h, h + 1);
        if (witness == h) {
          Object v = items[i];
          items[i] = null;
          SEQ.setVolatile(seq, i, 2 * (h + capacity));
          return v;
        }
        h = witness;
      } else if (s < 2 * h + 1) {
        long now = head;
        if (now == h) {
          if (!waitForInFlight || (tail & ~CLOSED_BIT) == h) {
            return null; // empty
          }
          // A producer has claimed position h and is publishing its value (a few instructions away): wait for it.
          // Returning null here would let a poll report "empty" while a later value, whose send has returned, is
          // already in the ring.
          spins = backOff(spins);
          now = head;
        }
        h = now;
      } else {
        h = head; // another consumer took h
      }
    }
  }

  /**
   * Waits a moment for another thread to finish a publish or a free it has begun: a spin hint, and now and then a
   * yield, in case that thread lost its processor between its two steps.
   */
  private static int backOff(int spins) {
    if ((spins & 15) == 15) {
      Thread.yield();
    } else {
      Thread.onSpinWait();
    }
    return spins + 1;
  }

  /** Whether the head value is published, so that a {@link #poll} now would most likely get it. */
  boolean canPoll() {
    long h = head;
    return (long) SEQ.getVolatile(seq, (int) (h % capacity)) == 2 * h + 1;
  }

  /** Whether the tail slot is free and the ring open, so that an {@link #offer} now would most likely succeed. */
  boolean canOffer() {
    long t = tail;
    return (t & CLOSED_BIT) == 0 && (long) SEQ.getVolatile(seq, (int) (t % capacity)) == 2 * t;
  }

  /** Sets the close bit: every later {@link #offer} returns {@link #CLOSED}. Idempotent. */
  void close() {
    TAIL.getAndBitwiseOr(this, CLOSED_BIT);
  }

  /** Whether {@link #close()} was called: from then on every offer fails. */
  boolean isClosed() {
    return (tail & CLOSED_BIT) != 0;
  }

  /** Closed, and every value offered before the close has been taken. */
  boolean drained() {
    long t = tail;
    return (t & CLOSED_BIT) != 0 && head == (t & ~CLOSED_BIT);
  }

  /** Values offered and not yet taken (including ones still being published), between 0 and the capacity. */
  int size() {
    long h = head; // first: the tail read after it is at least as far, so the difference is never negative
    long t = tail & ~CLOSED_BIT;
    return (int) Math.min(capacity, t - h);
  }
}
