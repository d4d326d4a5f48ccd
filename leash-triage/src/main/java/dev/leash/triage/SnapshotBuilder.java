package dev.leash.triage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Collects the threads of a dump being parsed. Frames and whole stacks are interned, so a dump of 100,000 threads with
 * a few distinct stacks keeps a few stacks, not 100,000.
 */
final class SnapshotBuilder {
  private final Map<String, String> frames = new HashMap<>();
  private final Map<List<String>, List<String>> stacks = new HashMap<>();
  final List<SnapshotThread> threads = new ArrayList<>();
  final Set<String> reportedDeadlocks = new HashSet<>();
  final List<String> warnings = new ArrayList<>();
  long pid = -1;

  private final CharCache frameChars = new CharCache(this::frame);
  private final CharCache plainChars = new CharCache(UnaryOperator.identity());

  /** A frame from a parser buffer, normalized and interned without allocating when seen before. */
  String frame(char[] buf, int off, int len) {
    return frameChars.get(buf, off, len);
  }

  /** A repeated value (state, lock name) from a parser buffer, interned. */
  String shared(char[] buf, int off, int len) {
    return plainChars.get(buf, off, len);
  }

  /** Normalizes and interns one raw frame string. */
  String frame(String raw) {
    String f = frames.get(raw);
    if (f == null) {
      f = Frames.normalize(raw);
      String shared = frames.get(f);
      if (shared != null) {
        f = shared;
      } else {
        frames.put(f, f);
      }
      frames.put(raw, f);
    }
    return f;
  }

  /** The shared unmodifiable copy of {@code stack}. */
  List<String> stack(List<String> stack) {
    List<String> s = stacks.get(stack);
    if (s == null) {
      s = List.copyOf(stack);
      stacks.put(s, s);
    }
    return s;
  }

  void add(long id, String name, Thread.State state, boolean virtual, Boolean daemon, List<String> stack,
      ThreadLocks locks, long carrier) {
    List<String> s = stack(stack);
    Thread.State st = state != null ? state : States.infer(s, locks.blockedOn() != null);
    threads.add(new SnapshotThread(id, name == null ? "" : name, st, virtual, daemon, s, locks, carrier));
  }

  ThreadSnapshot build(String source, boolean truncated, long dumperThreadId) {
    return new ThreadSnapshot(threads, source, truncated, pid, dumperThreadId, reportedDeadlocks, warnings);
  }

  static Thread.State state(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Thread.State.valueOf(s.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static long parseLong(String s, long dflt) {
    if (s == null) {
      return dflt;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
