package dev.leash;

/*
 * The field layers of Ring, padded by class hierarchy as JCTools does: the JVM lays out a superclass's fields before
 * its subclass's, but promises no order among the fields of one class, so padding written inline next to a field may
 * be moved away from it. Each layer below holds one thing; the 64-byte pads keep head and tail (written by consumers
 * and producers respectively) off each other's cache line and off the line of the read-mostly fields.
 */

/** Read-mostly fields of a {@link Ring}. */
abstract class RingFields {
  final Object[] items;
  final long[] seq;
  final int capacity;

  RingFields(int capacity) {
    this.capacity = capacity;
    this.items = new Object[capacity];
    this.seq = new long[capacity];
  }
}

/** Padding between the read-mostly fields and {@code head}. */
abstract class RingPadBeforeHead extends RingFields {
  @SuppressWarnings("unused")
  private long p00, p01, p02, p03, p04, p05, p06, p07;

  RingPadBeforeHead(int capacity) {
    super(capacity);
  }
}

/** The consumer position. */
abstract class RingHead extends RingPadBeforeHead {
  volatile long head;

  RingHead(int capacity) {
    super(capacity);
  }
}

/** Padding between {@code head} and {@code tail}. */
abstract class RingPadBeforeTail extends RingHead {
  @SuppressWarnings("unused")
  private long p10, p11, p12, p13, p14, p15, p16, p17;

  RingPadBeforeTail(int capacity) {
    super(capacity);
  }
}

/** The producer position, with the close bit. */
abstract class RingTail extends RingPadBeforeTail {
  volatile long tail;

  RingTail(int capacity) {
    super(capacity);
  }
}

/** Padding after {@code tail}, so that whatever is allocated next does not share its line. */
abstract class RingPadAfterTail extends RingTail {
  @SuppressWarnings("unused")
  private long p20, p21, p22, p23, p24, p25, p26, p27;

  RingPadAfterTail(int capacity) {
    super(capacity);
  }
}
