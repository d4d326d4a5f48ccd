package dev.leash.junit;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.leash.prove.HeapFormatException;
import dev.leash.prove.HeapProof;
import dev.leash.triage.HeapEvidence;
import dev.leash.triage.StackGroup;
import dev.leash.triage.ThreadSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The heap proof of a leak check: an in-process heap dump of live objects into a temporary file, proven against the
 * snapshot of the surviving threads, then deleted. Used when a suspect outlives the linger (to say whether it is
 * proven leaked or who still holds it) and by {@code @LeakCheck(prove = true)} (to fail at once on a proven leak).
 */
final class HeapCheck {
  private HeapCheck() {}

  /** The leak check's own objects (its suspects, its snapshots), which hold every thread it looks at. */
  private static final List<String> OWN_BOOKKEEPING = List.of("dev.leash.junit.Detector",
      "dev.leash.junit.LeakReport", "dev.leash.junit.LiveThreads", "dev.leash.junit.Spawns",
      "dev.leash.junit.SuiteThreads", "dev.leash.junit.HeapCheck", "dev.leash.junit.LeashOwners",
      "dev.leash.junit.PlatformLeakCheck", "dev.leash.junit.JupiterLeakCheck", "dev.leash.triage.",
      "dev.leash.prove.");

  /** What the proof said, or why there is none. */
  record Outcome(HeapEvidence evidence, String failure) {
    static Outcome failed(String why) {
      return new Outcome(null, why);
    }
  }

  /** Dumps this JVM's heap, proves {@code snapshot}'s threads, deletes the dump. Never throws. */
  static Outcome prove(ThreadSnapshot snapshot) {
    Path dir = null;
    Path file = null;
    try {
      dir = Files.createTempDirectory("leash-leakcheck");
      file = dir.resolve("heap.hprof");
      HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      bean.dumpHeap(file.toString(), true);
      return new Outcome(HeapProof.prove(file, snapshot, OWN_BOOKKEEPING).evidence().withSource("this JVM's heap"),
          null);
    } catch (HeapFormatException e) {
      return Outcome.failed(e.getMessage());
    } catch (IOException | RuntimeException e) {
      return Outcome.failed("could not dump this JVM's heap: " + e);
    } finally {
      deleteQuietly(file);
      deleteQuietly(dir);
    }
  }

  /**
   * One line on what the heap says about {@code g}: proven leaked (and what it waits in), or the path that still
   * holds it; {@code null} when the proof did not examine these threads.
   */
  static String line(StackGroup g, HeapEvidence e) {
    if (e == null) {
      return null;
    }
    long proven = g.threadIds().stream().filter(e.unreachable()::contains).count();
    if (proven == g.threadIds().size()) {
      return "proven leaked: nothing outside " + (proven == 1 ? "this thread" : "these threads") + " can reach the "
          + waitedOn(g) + (proven == 1 ? " it waits on" : " they wait on")
          + ", so nobody can ever wake or stop " + (proven == 1 ? "it" : "them");
    }
    for (long id : g.threadIds()) {
      List<String> path = e.retainers().get(id);
      if (path != null) {
        return "still alive and held by: " + String.join(" -> ", path)
            + (proven > 0 ? " (" + proven + " of the " + g.count() + " threads are proven leaked)" : "");
      }
    }
    return null;
  }

  /** The class the group waits in ({@code LinkedBlockingQueue} for {@code LinkedBlockingQueue.take}). */
  private static String waitedOn(StackGroup g) {
    String top = g.top();
    int dot = top.lastIndexOf('.');
    String cls = dot < 0 ? top : top.substring(0, dot);
    int simple = cls.lastIndexOf('.');
    return cls.isEmpty() ? "object" : cls.substring(simple + 1);
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless; the check's result is what matters
    }
  }
}
