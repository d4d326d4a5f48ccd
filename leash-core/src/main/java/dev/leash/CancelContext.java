package dev.leash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cancellable context and its place in the tree.
 *
 * <p>Children and callbacks live in intrusive doubly linked lists guarded by this context's lock, which is created
 * only when the first child or callback arrives; a plain {@code withCancel()}/{@code close()} pair allocates one
 * object. Cancelling sets {@link #cause} first, then detaches both lists under the lock if there is one. Linking
 * checks the cause under the lock, so either the linker sees the cause and does not link, or the canceller (whose
 * cause was set after that check) sees the lock and detaches the new link. Detached lists are never modified again,
 * so they are walked outside the lock. The tree is cancelled iteratively, so depth is not limited by the stack.
 */
final class CancelContext extends AbstractContext implements CancellableContext {
  private static final VarHandle CAUSE;
  private static final VarHandle LOCK;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      CAUSE = l.findVarHandle(CancelContext.class, "cause", Throwable.class);
      LOCK = l.findVarHandle(CancelContext.class, "lock", ReentrantLock.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The nearest cancellable ancestor, or null when none can ever cancel this one. */
  private final CancelContext parentNode;
  /** Monotonic deadline ({@link MonoClock}), {@link MonoClock#NEVER} when none. */
  final long deadline;
  /** Non-null once done. */
  volatile Throwable cause;
  /**
   * Whether this context owns a timer entry. Final in effect: written in the constructor before the context is linked
   * or handed to the timer, so whoever cancels it sees it and releases the entry exactly once.
   */
  boolean timed;
  /** Link in the timer's intake stack, and the stack's depth at this entry. */
  CancelContext timerNext;
  int timerDepth;

  private volatile ReentrantLock lock;

  /**
   * Test hook, false except while {@code ContextLincheckTest} plants the lost-cancel race that {@link #link} once had
   * (checking only {@code detached}, which a canceller that found no lock never sets), to show its check catches it.
   * Read only when a child is linked, under the lock.
   */
  static boolean plantedLinkBug;

  // Guarded by lock():
  private CancelContext firstChild;
  private Callback firstCallback;
  private boolean detached;
  private int childCount;

  // Guarded by parentNode.lock():
  private CancelContext prevSibling;
  private CancelContext nextSibling;
  private boolean linked;

  /**
   * @param timed whether the caller will hand this context to {@link DeadlineTimer#schedule}; it must do so exactly
   *     when {@link #timed} is still true after construction
   */
  CancelContext(AbstractContext parent, CancelContext parentNode, long deadline, boolean timed) {
    super(parent);
    this.parentNode = parentNode;
    this.deadline = deadline;
    this.timed = timed;
    if (parentNode != null) {
      Throwable pc = parentNode.cause;
      if (pc != null || !parentNode.link(this)) {
        // The parent is done: so is this child, before anyone else has seen it.
        this.timed = false;
        this.cause = pc != null ? pc : parentNode.cause;
      }
    }
  }

  @Override
  CancelContext node() {
    return this;
  }

  @Override
  public boolean isDone() {
    return cause != null;
  }

  @Override
  public Throwable cause() {
    return cause;
  }

  @Override
  public boolean cancel() {
    return cancel(CancelledException.CANCELLED);
  }

  @Override
  public boolean cancel(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    if (!CAUSE.compareAndSet(this, null, cause)) {
      return false;
    }
    CancelContext p = parentNode;
    if (p != null) {
      p.unlink(this);
    }
    propagate(this, cause);
    return true;
  }

  @Override
  public void close() {
    cancel();
  }

  /** Number of live children; for tests and introspection. */
  int childCount() {
    ReentrantLock l = lock;
    if (l == null) {
      return 0;
    }
    l.lock();
    try {
      return childCount;
    } finally {
      l.unlock();
    }
  }

  private ReentrantLock lock() {
    ReentrantLock l = lock;
    if (l == null) {
      l = new ReentrantLock();
      if (!LOCK.compareAndSet(this, null, l)) {
        l = lock;
      }
    }
    return l;
  }

  /** Links a new child; false if this context is done (the child then takes over this cause). */
  private boolean link(CancelContext child) {
    ReentrantLock l = lock();
    l.lock();
    try {
      // Check the cause, not only `detached`: a canceller that found no lock yet never sets `detached`, but its
      // cause is visible here, and a canceller that sets its cause after this check will find this lock.
      if (detached || (cause != null && !plantedLinkBug)) {
        return false;
      }
      CancelContext head = firstChild;
      child.nextSibling = head;
      if (head != null) {
        head.prevSibling = child;
      }
      firstChild = child;
      child.linked = true;
      childCount++;
      return true;
    } finally {
      l.unlock();
    }
  }

  private void unlink(CancelContext child) {
    ReentrantLock l = lock();
    l.lock();
    try {
      if (detached || !child.linked) {
        return;
      }
      CancelContext prev = child.prevSibling;
      CancelContext next = child.nextSibling;
      if (prev == null) {
        firstChild = next;
      } else {
        prev.nextSibling = next;
      }
      if (next != null) {
        next.prevSibling = prev;
      }
      child.prevSibling = null;
      child.nextSibling = null;
      child.linked = false;
      childCount--;
    } finally {
      l.unlock();
    }
  }

  Registration addCallback(Runnable action) {
    if (cause == null) {
      ReentrantLock l = lock();
      l.lock();
      try {
        if (!detached && cause == null) {
          Callback cb = new Callback(this, action);
          Callback head = firstCallback;
          cb.next = head;
          if (head != null) {
            head.prev = cb;
          }
          firstCallback = cb;
          return cb;
        }
      } finally {
        l.unlock();
      }
    }
    Callback.runSafely(action);
    return Callback.NEVER;
  }

  /** Called by {@link Callback#unregister()} after it won the race against running. */
  void removeCallback(Callback cb) {
    ReentrantLock l = lock;
    if (l == null) {
      return;
    }
    l.lock();
    try {
      if (detached) {
        return;
      }
      Callback prev = cb.prev;
      Callback next = cb.next;
      if (prev == null) {
        if (firstCallback == cb) {
          firstCallback = next;
        }
      } else {
        prev.next = next;
      }
      if (next != null) {
        next.prev = prev;
      }
      cb.prev = null;
      cb.next = null;
    } finally {
      l.unlock();
    }
  }

  /**
   * Finishes cancelling {@code root} (whose cause is set) and its whole subtree: detaches lists, runs callbacks,
   * releases timer entries. Iterative so a deep chain cannot overflow the stack.
   */
  private static void propagate(CancelContext root, Throwable cause) {
    ArrayDeque<CancelContext> work = null;
    CancelContext c = root;
    while (c != null) {
      if (c.timed) {
        DeadlineTimer.done();
      }
      CancelContext children = null;
      Callback callbacks = null;
      ReentrantLock l = c.lock;
      if (l != null) {
        l.lock();
        try {
          c.detached = true;
          children = c.firstChild;
          callbacks = c.firstCallback;
          c.firstChild = null;
          c.firstCallback = null;
          c.childCount = 0;
        } finally {
          l.unlock();
        }
      }
      for (CancelContext k = children; k != null; k = k.nextSibling) {
        if (CAUSE.compareAndSet(k, null, cause)) {
          if (work == null) {
            work = new ArrayDeque<>();
          }
          work.add(k);
        }
      }
      for (Callback cb = callbacks; cb != null; cb = cb.next) {
        cb.fire();
      }
      c = work == null ? null : work.poll();
    }
  }
}
