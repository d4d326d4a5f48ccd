package dev.leash;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Interrupts one thread when a context is done, until closed. The lock makes {@link #unregister()} wait for an
 * interrupt already being delivered, so once it returns no interrupt from this binding can arrive later.
 */
final class InterruptBinding implements Registration {
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean active = true;
  private Registration registration;

  private InterruptBinding(Thread thread) {
    this.thread = thread;
  }

  static Registration bind(Context ctx) {
    InterruptBinding b = new InterruptBinding(Thread.currentThread());
    b.registration = ctx.onDone(b::fire);
    return b;
  }

  private void fire() {
    lock.lock();
    try {
      if (active) {
        thread.interrupt();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean unregister() {
    lock.lock();
    try {
      if (!active) {
        return false;
      }
      active = false;
    } finally {
      lock.unlock();
    }
    Registration r = registration;
    return r != null && r.unregister();
  }
}
