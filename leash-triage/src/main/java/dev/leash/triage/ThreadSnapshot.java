package dev.leash.triage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The threads of one JVM at one moment: read from a JDK JSON thread dump or a jstack / {@code jcmd Thread.print} text
 * dump, or captured from the current JVM with {@link #ofCurrentJvm()}. Immutable.
 *
 * <p>Reading is streaming: the file is never held in memory as a whole or as a tree; identical stacks share one list,
 * so memory grows with the threads and the distinct stacks, not with the file.
 *
 * @param threads the threads in dump order
 * @param source where the snapshot came from (a file name, {@code pid 1234}, {@code current JVM})
 * @param truncated true when the dump ended early (a cut JSON file): {@code threads} holds what was read
 * @param pid the process id of the dumped JVM, or {@code -1} when unknown
 * @param dumperThreadId the id of the thread that took the snapshot in-process (it is not a leak), or {@code -1}
 * @param reportedDeadlocks names of the threads the JVM itself reported in a "Found one Java-level deadlock" section
 * @param warnings one line per part of the dump that could not be read and was skipped (what, and where), in order;
 *     empty for a clean dump
 */
public record ThreadSnapshot(
    List<SnapshotThread> threads,
    String source,
    boolean truncated,
    long pid,
    long dumperThreadId,
    Set<String> reportedDeadlocks,
    List<String> warnings) {

  /**
   * Copies the collections.
   *
   * @throws NullPointerException if a component is null
   */
  public ThreadSnapshot {
    threads = List.copyOf(Objects.requireNonNull(threads, "threads"));
    Objects.requireNonNull(source, "source");
    reportedDeadlocks = Set.copyOf(Objects.requireNonNull(reportedDeadlocks, "reportedDeadlocks"));
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
  }

  /**
   * A snapshot without warnings.
   *
   * @throws NullPointerException if a component is null
   */
  public ThreadSnapshot(List<SnapshotThread> threads, String source, boolean truncated, long pid, long dumperThreadId,
      Set<String> reportedDeadlocks) {
    this(threads, source, truncated, pid, dumperThreadId, reportedDeadlocks, List.of());
  }

  /**
   * Reads a dump file, detecting its format from its first bytes (JSON or text).
   *
   * @throws DumpFormatException if the file is empty, binary, a PDF, not a thread dump, or truncated before the first
   *     thread
   * @throws IOException if the file cannot be read (missing, a directory, no permission)
   */
  public static ThreadSnapshot read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new DumpFormatException(file + " is a directory, not a thread dump");
    }
    if (Files.notExists(file)) { // not !exists: a file in an unreadable directory is "permission denied" on open
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    }
  }

  /**
   * Reads a dump from a stream (not closed), detecting its format from its first bytes.
   *
   * @param source a name for the dump used in messages and reports
   * @throws DumpFormatException if the stream is not a readable thread dump
   * @throws IOException if reading fails
   */
  public static ThreadSnapshot parse(InputStream in, String source) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    return DumpReader.read(in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16), source);
  }

  /**
   * Captures every thread of the current JVM, platform and virtual, with stacks and lock information. Uses
   * {@code HotSpotDiagnosticMXBean.dumpThreads} (JSON, includes virtual threads) written to a temporary file that is
   * deleted before returning, completed with {@code ThreadMXBean} lock ownership for platform threads. The calling
   * thread is recorded as {@link #dumperThreadId()}. Thread ids are {@code Thread.threadId()}, so two snapshots can be
   * compared by id.
   *
   * @throws IOException if the JVM cannot write or the snapshot cannot be read back
   * @throws UnsupportedOperationException if the JVM has no {@code HotSpotDiagnosticMXBean}
   */
  public static ThreadSnapshot ofCurrentJvm() throws IOException {
    return InProcessCapture.capture();
  }

  /**
   * This snapshot with the owners of {@code java.util.concurrent.locks} synchronizers taken from {@code locksDump},
   * a text dump with {@code -l} of the same JVM taken just after (JSON dumps of JDK 25 and older do not name the owner
   * of a parked-on lock). Threads are matched by id; a thread whose lock owner is known in {@code locksDump} gets it as
   * its {@link ThreadLocks#parkBlockerOwner()}. Lets {@link Triage} find deadlocks of {@code ReentrantLock}s in JSON
   * dumps.
   *
   * @throws NullPointerException if locksDump is null
   */
  public ThreadSnapshot withLockOwnersFrom(ThreadSnapshot locksDump) {
    Objects.requireNonNull(locksDump, "locksDump");
    LockGraph g = new LockGraph(locksDump);
    List<SnapshotThread> out = new java.util.ArrayList<>(threads.size());
    for (SnapshotThread t : threads) {
      ThreadLocks l = t.locks();
      long owner = g.ownerOf(t.id());
      if (owner >= 0 && l.parkBlocker() != null && l.parkBlockerOwner() < 0 && l.blockedOn() == null) {
        l = new ThreadLocks(l.blockedOn(), l.waitingOn(), l.parkBlocker(), owner, l.ownedMonitors(),
            l.ownedSynchronizers());
        t = new SnapshotThread(t.id(), t.name(), t.state(), t.virtual(), t.daemon(), t.stack(), l, t.carrierId());
      }
      out.add(t);
    }
    java.util.Set<String> dl = new java.util.HashSet<>(reportedDeadlocks);
    dl.addAll(locksDump.reportedDeadlocks());
    return new ThreadSnapshot(out, source, truncated, pid, dumperThreadId, dl, warnings);
  }

  /** The thread with {@code id}, or {@code null}. */
  public SnapshotThread thread(long id) {
    for (SnapshotThread t : threads) {
      if (t.id() == id) {
        return t;
      }
    }
    return null;
  }
}
