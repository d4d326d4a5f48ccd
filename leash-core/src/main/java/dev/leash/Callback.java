package dev.leash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** An {@code onDone} action in its context's list; runs at most once, or is unregistered first. */
final class Callback implements Registration {
  private static final System.Logger LOG = System.getLogger("dev.leash");
  private static final VarHandle STATE;
  private static final int PENDING = 0;
  private static final int FIRED = 1;
  private static final int REMOVED = 2;

  /** The registration of an action that will never run, or already ran. */
  static final Registration NEVER = () -> false;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Callback.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final CancelContext owner;
  private final Runnable action;
  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;
  Callback prev;
  Callback next;

  Callback(CancelContext owner, Runnable action) {
    this.owner = owner;
    this.action = action;
  }

  void fire() {
    if (STATE.compareAndSet(this, PENDING, FIRED)) {
      runSafely(action);
    }
  }

  @Override
  public boolean unregister() {
    if (STATE.compareAndSet(this, PENDING, REMOVED)) {
      owner.removeCallback(this);
      return true;
    }
    return false;
  }

  static void runSafely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      LOG.log(System.Logger.Level.WARNING, "Context.onDone action threw; the other actions still run", e);
    }
  }
}
