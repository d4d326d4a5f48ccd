package dev.leash.triage;

/**
 * How sure triage is that a group of threads leaked. The {@link LeakPattern} says what kind of leak a shape is; the
 * verdict says how much evidence backs it. The ids are part of the JSON contract.
 */
public enum Verdict {
  /** Proven: no live code can reach the thread's way out (a heap proof), or the threads form a lock cycle. */
  LEAKED("leaked"),
  /** More threads of this family in the later of two snapshots than the growth rule lets an elastic pool add. */
  GROWING("growing"),
  /** A leak shape that nothing proves or refutes: one snapshot, unknown infrastructure, not proven. */
  SUSPECT("suspect"),
  /** Known infrastructure, an owned task, a family that did not grow, or no leak shape at all. */
  HEALTHY("healthy"),
  /** JVM housekeeping: never a leak. */
  JVM("jvm");

  private final String id;

  Verdict(String id) {
    this.id = id;
  }

  /** The public id, e.g. {@code leaked}. */
  public String id() {
    return id;
  }

  /**
   * The verdict with this id.
   *
   * @throws IllegalArgumentException if no verdict has this id
   */
  public static Verdict ofId(String id) {
    for (Verdict v : values()) {
      if (v.id.equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown verdict " + id + " (use leaked, growing, suspect or healthy)");
  }
}
