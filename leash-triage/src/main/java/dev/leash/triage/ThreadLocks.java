package dev.leash.triage;

import java.util.List;
import java.util.Objects;

/**
 * What a dumped thread waits for and what it holds, as far as the dump says. Lock objects are strings of the form
 * {@code class@identity} (identity hash in JSON dumps, address in text dumps); two strings name the same lock only
 * within one dump.
 *
 * @param blockedOn the monitor the thread waits to enter ({@code BLOCKED}), or {@code null}
 * @param waitingOn the monitor the thread waits on in {@code Object.wait}, or {@code null}
 * @param parkBlocker the object the thread is parked on ({@code LockSupport.park}), or {@code null}
 * @param parkBlockerOwner the id of the thread owning {@code parkBlocker} when the dump says so, or {@code -1}
 * @param ownedMonitors the monitors the thread holds (never null)
 * @param ownedSynchronizers the ownable synchronizers ({@code java.util.concurrent.locks}) the thread holds, known
 *     from {@code jstack -l} dumps and in-process snapshots (never null)
 */
public record ThreadLocks(
    String blockedOn,
    String waitingOn,
    String parkBlocker,
    long parkBlockerOwner,
    List<String> ownedMonitors,
    List<String> ownedSynchronizers) {

  /** No lock information. */
  public static final ThreadLocks NONE = new ThreadLocks(null, null, null, -1, List.of(), List.of());

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a list is null
   */
  public ThreadLocks {
    ownedMonitors = List.copyOf(Objects.requireNonNull(ownedMonitors, "ownedMonitors"));
    ownedSynchronizers = List.copyOf(Objects.requireNonNull(ownedSynchronizers, "ownedSynchronizers"));
  }

  /** True when the thread holds at least one monitor or synchronizer other than the one it waits on. */
  public boolean holdsAny() {
    for (String m : ownedMonitors) {
      if (!m.equals(waitingOn)) {
        return true;
      }
    }
    return !ownedSynchronizers.isEmpty();
  }
}
