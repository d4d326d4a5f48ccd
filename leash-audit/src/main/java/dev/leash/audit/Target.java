package dev.leash.audit;

/**
 * Where a handle went that the file alone cannot answer for; the link phase follows it through the project index.
 */
sealed interface Target {
  /**
   * Handed to {@code new type(...)} as argument {@code arg}; {@code wrapped} when the new object is then kept as
   * the handle (a decorator), so that the file's answers are about the wrapper.
   */
  record Ctor(String type, NameContext ctx, int arity, int arg, boolean wrapped) implements Target {}

  /** Handed to {@code receiver.name(...)} (receiver type as written; null for a call on this class). */
  record Call(String receiverType, NameContext ctx, String name, int arity, int arg) implements Target {}

  /** Handed to {@code super(...)} or {@code this(...)} of the class {@code ctx.enclosing().get(0)}. */
  record Super(NameContext ctx, boolean isThis, int arity, int arg) implements Target {}

  /** Returned from {@code owner.method} (arity {@code arity}): judged where that method is called. */
  record Returned(String owner, String method, int arity) implements Target {}

  /** Kept in field {@code field} of {@code owner}: its subclasses and superclasses may stop it too. */
  record Field(String owner, String field) implements Target {}

  /** Went somewhere the audit cannot follow at all; {@code text} says where. */
  record Outside(String text) implements Target {}
}
