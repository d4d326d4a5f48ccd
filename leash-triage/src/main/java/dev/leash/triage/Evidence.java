package dev.leash.triage;

/** What a {@link Verdict} rests on. The ids are part of the JSON contract. */
public enum Evidence {
  /** A heap proof found no live root that reaches the thread's way out. */
  UNREACHABLE("unreachable"),
  /** The threads wait for each other's locks. */
  LOCK_CYCLE("lock-cycle"),
  /** Two snapshots: the family grew (or, for a healthy verdict, did not). */
  GROWTH("growth"),
  /** The stack shape alone. */
  SHAPE("shape"),
  /** A long-lived thread family of a known library (see {@link KnownThreads}). */
  KNOWN("known"),
  /** A task of a Leash owner waiting on a live context. */
  OWNED("owned");

  private final String id;

  Evidence(String id) {
    this.id = id;
  }

  /** The public id, e.g. {@code unreachable}. */
  public String id() {
    return id;
  }
}
