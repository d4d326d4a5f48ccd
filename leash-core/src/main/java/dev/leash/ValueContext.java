package dev.leash;

/** A context that adds one value and shares its parent's cancel state. */
final class ValueContext<T> extends AbstractContext {
  final Key<T> key;
  final T value;
  private final CancelContext node;

  ValueContext(AbstractContext parent, Key<T> key, T value) {
    super(parent);
    this.key = key;
    this.value = value;
    this.node = parent.node();
  }

  @Override
  CancelContext node() {
    return node;
  }
}
