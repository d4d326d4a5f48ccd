package dev.leash.triage;

import java.util.Objects;

/**
 * How one stack group changed between two snapshots.
 *
 * @param group the group as it is in the later snapshot (or in the earlier one when it is {@code gone})
 * @param before threads in the earlier snapshot
 * @param after threads in the later snapshot
 * @param change {@code appeared}, {@code grew}, {@code shrank} or {@code gone}
 */
public record GroupChange(StackGroup group, int before, int after, String change) {

  /**
   * Validates.
   *
   * @throws NullPointerException if group or change is null
   */
  public GroupChange {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(change, "change");
  }

  /** {@code after - before}. */
  public int delta() {
    return after - before;
  }
}
