package dev.leash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread blocked in a channel operation (or in a {@link Select} over several). It is matched at most once: the
 * first party to {@link #tryClaim()} it (a counterpart on one of the channels, or {@code close()}) completes it, or
 * the waiter withdraws itself with {@link #tryCancel()}. Claiming before writing the outcome means a losing case of a
 * select never receives, and never gives away, a value.
 */
final class Waiter {
  static final int WAITING = 0;
  static final int CLAIMED = 1;
  static final int MATCHED = 2;
  static final int CLOSED = 3;
  static final int CANCELLED = 4;
  /**
   * Woken because a value was buffered (receiver) or a buffer slot freed (sender): look again, someone else may have
   * been quicker.
   */
  static final int RETRY = 5;

  /**
   * How many times a waiter checks for its outcome before it parks: a hand-off usually completes within a few
   * microseconds, and parking and unparking costs more than that. Bounded (like the JDK's {@code SynchronousQueue}),
   * and zero on a single processor, where spinning could only delay the thread we wait for.
   */
  static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 1 << 7 : 0;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Thread thread = Thread.currentThread();
  private volatile int state;
  /** Set by the waiting thread before it first parks; read by {@link #complete} to skip needless unparks. */
  private volatile boolean parked;
  /** The value received, for a receive; written by the claimer before the volatile write of the outcome. */
  Object received;
  /** Index of the case that completed this waiter (always 0 outside a select). */
  int caseIndex = -1;

  /** Takes the exclusive right to complete this waiter; false if it is already taken or withdrawn. */
  boolean tryClaim() {
    return STATE.compareAndSet(this, WAITING, CLAIMED);
  }

  /** Withdraws this waiter; false if a counterpart or close() has claimed it first. */
  boolean tryCancel() {
    return STATE.compareAndSet(this, WAITING, CANCELLED);
  }

  /**
   * Publishes the outcome of a claimed waiter and wakes its thread if it parked. A waiter still spinning sees the
   * outcome without an unpark, which saves a system call per hand-off on platform threads.
   */
  void complete(int outcome, Object value, int index) {
    publish(outcome, value, index);
    wake();
  }

  /**
   * Publishes the outcome of a claimed waiter without waking it: a channel does that under its lock and calls
   * {@link #wake()} once it has released it, so the woken thread does not find the lock still held.
   */
  void publish(int outcome, Object value, int index) {
    received = value;
    caseIndex = index;
    state = outcome;
  }

  /** Unparks the waiter's thread if it parked (or is about to); call after {@link #publish}. */
  void wake() {
    // Dekker with await(): it writes parked then reads state; publish wrote state and we read parked. At least one
    // of us sees the other's write, so a parked waiter is always woken.
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Spins at most {@link #SPINS} times, then parks until this waiter is completed, withdrawing it when {@code ctx} is
   * done, the thread is interrupted or the deadline passes. An interrupt is cleared while waiting and restored before
   * returning, so a waiter already claimed by a counterpart waits for the outcome instead of spinning.
   *
   * @param deadline {@link System#nanoTime()} value to give up at, used only when {@code timed}
   * @param spin whether to spin before parking: only the first waiter of an unbuffered channel's queue does, so that
   *     a crowd of waiters does not burn the CPUs the thread they wait for needs
   * @param watchContext whether to register with {@code ctx} to be woken when it is done; {@code false} only for a
   *     thread that the context's owner interrupts on cancellation (a pool worker), which saves a registration with
   *     the shared context per wait
   * @return {@link #MATCHED}, {@link #CLOSED}, {@link #RETRY} or {@link #CANCELLED} (withdrawn: the caller removes
   *     its nodes and reports why, checking the context, then the interrupt flag, otherwise it timed out)
   */
  int await(Context ctx, boolean timed, long deadline, boolean spin, boolean watchContext) {
    boolean interrupted = false;
    int spins = spin ? SPINS : 0;
    // A claimed waiter's outcome is a few instructions away: look a while before parking, whoever we are.
    int claimedSpins = SPINS;
    // Registered only once spinning is over, so a quick hand-off does not touch the context's lock.
    Registration reg = watchContext ? null : Callback.NEVER;
    try {
      for (;;) {
        int s = state;
        if (s >= MATCHED) {
          return s;
        }
        if (Thread.interrupted()) {
          interrupted = true;
        }
        long left = 1;
        if (s == WAITING) {
          left = timed ? deadline - System.nanoTime() : 1;
          if ((interrupted || ctx.isDone() || left <= 0) && tryCancel()) {
            return CANCELLED;
          }
          if (spins > 0) {
            spins--;
            Thread.onSpinWait();
            continue;
          }
          if (reg == null) {
            reg = ctx.onDone(() -> LockSupport.unpark(thread)); // then check everything once more before parking
            continue;
          }
        } else if (claimedSpins > 0) {
          claimedSpins--;
          Thread.onSpinWait();
          continue;
        }
        if (!parked) {
          parked = true; // then look at the state once more: complete() unparks only a waiter that said it parks
          continue;
        }
        // Claimed (s == CLAIMED): the counterpart is publishing the outcome right now and will unpark us.
        if (s == WAITING && timed) {
          LockSupport.parkNanos(this, left);
        } else {
          LockSupport.park(this);
        }
      }
    } finally {
      if (reg != null) {
        reg.close();
      }
      if (interrupted) {
        thread.interrupt();
      }
    }
  }

  /** One case of a waiter queued on one channel: a value to send, or a slot to receive into. */
  static final class Node {
    final Waiter waiter;
    final Object item;
    final int caseIndex;

    Node(Waiter waiter, Object item, int caseIndex) {
      this.waiter = waiter;
      this.item = item;
      this.caseIndex = caseIndex;
    }
  }
}
