package dev.leash;

/** A context that keeps its parent's values but never becomes done ({@link Context#withoutCancel()}). */
final class DetachedContext extends AbstractContext {
  DetachedContext(AbstractContext parent) {
    super(parent);
  }

  @Override
  CancelContext node() {
    return null;
  }

  @Override
  public boolean isDone() {
    return false;
  }
}
