package dev.leash;

/** The root context: never done. */
final class BackgroundContext extends AbstractContext {
  static final BackgroundContext INSTANCE = new BackgroundContext();

  private BackgroundContext() {
    super(null);
  }

  @Override
  CancelContext node() {
    return null;
  }

  @Override
  public boolean isDone() {
    return false;
  }

  @Override
  public String toString() {
    return "Context.background()";
  }
}
