package dev.leash.triage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line reader of text thread dumps: jstack and {@code jcmd Thread.print} (with or without {@code -l}, with the
 * leading {@code <pid>:} line, the deadlock section, carrier threads and mounted virtual threads) and the plain text
 * format of {@code jcmd Thread.dump_to_file} ({@code #id "name" virtual STATE}). JVM-internal threads without a Java
 * thread id (GC, compiler, "VM Thread") are skipped.
 */
final class TextDumpParser {
  private static final Pattern JSTACK_HEADER =
      Pattern.compile("^\"(.*)\"\\s+(?:#(\\d+)\\s+)?(?:\\[\\d+\\]\\s+)?(daemon\\s+)?(?:prio=|os_prio=|tid=).*");
  private static final Pattern PLAIN_HEADER =
      Pattern.compile("^(?:Thread )?#(\\d+) \"(.*)\"(?: (virtual))?(?: ([A-Z_]+))?(?: \\S+)?\\s*$");
  private static final Pattern STATE = Pattern.compile("^\\s*java\\.lang\\.Thread\\.State: ([A-Z_]+).*");
  private static final Pattern MOUNTED = Pattern.compile("^\\s*Mounted virtual thread #(\\d+).*");
  /** A header split by a newline in the thread name: the lines joined, newline included. */
  private static final Pattern JSTACK_HEADER_SPLIT = Pattern.compile(JSTACK_HEADER.pattern(), Pattern.DOTALL);
  private static final Pattern PLAIN_HEADER_SPLIT = Pattern.compile(PLAIN_HEADER.pattern(), Pattern.DOTALL);
  private static final Pattern PLAIN_HEADER_START = Pattern.compile("^(?:Thread )?#\\d+ \".*");
  /** A thread name may hold newlines; a header is looked for over at most this many lines and characters. */
  private static final int SPLIT_LINES = 8;
  private static final int SPLIT_CHARS = 1 << 16;
  private static final Pattern DEADLOCK_NAME = Pattern.compile("^\"(.*)\":\\s*$");

  private TextDumpParser() {}

  /** A thread being read. */
  private static final class Current {
    long id;
    String name;
    Thread.State state;
    boolean virtual;
    Boolean daemon;
    long carrier = -1;
    final List<String> stack = new ArrayList<>();
    String blockedOn;
    String waitingOn;
    String parkBlocker;
    final List<String> monitors = new ArrayList<>();
    final List<String> syncs = new ArrayList<>();
  }

  static ThreadSnapshot parse(InputStream in, String source) throws IOException {
    SnapshotBuilder b = new SnapshotBuilder();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    Current cur = null;
    boolean syncMode = false;
    boolean sawDumpMarker = false;
    int deadlockMode = 0; // 0 none, 1 cycle description, 2 stacks of the cycle
    boolean first = true;
    String line;
    String split = null; // the start of a header whose thread name holds a newline
    int splitLines = 0;
    while ((line = r.readLine()) != null) {
      if (split != null) {
        String joined = split + "\n" + line;
        if (JSTACK_HEADER_SPLIT.matcher(joined).matches() || PLAIN_HEADER_SPLIT.matcher(joined).matches()) {
          line = joined;
          split = null;
        } else if (!looksLikeHeader(line) && splitLines < SPLIT_LINES && joined.length() < SPLIT_CHARS) {
          split = joined;
          splitLines++;
          continue;
        } else {
          split = null;
        }
      }
      if (first && !line.isBlank()) {
        first = false;
        String t = line.strip();
        if (t.matches("\\d+:?")) {
          b.pid = SnapshotBuilder.parseLong(t.replace(":", ""), -1);
          sawDumpMarker = true;
          continue;
        }
      }
      if (line.startsWith("Found one Java-level deadlock")) {
        flush(b, cur);
        cur = null;
        deadlockMode = 1;
        continue;
      }
      if (deadlockMode > 0) {
        if (line.startsWith("Java stack information")) {
          deadlockMode = 2;
        } else if (deadlockMode == 1) {
          Matcher m = DEADLOCK_NAME.matcher(line);
          if (m.matches()) {
            b.reportedDeadlocks.add(m.group(1));
          }
        }
        continue;
      }
      if (line.startsWith("Full thread dump") || line.startsWith("JNI global refs")) {
        sawDumpMarker = true;
        flush(b, cur);
        cur = null;
        continue;
      }
      if (line.startsWith("\"")) {
        Matcher m = (line.indexOf('\n') < 0 ? JSTACK_HEADER : JSTACK_HEADER_SPLIT).matcher(line);
        if (m.matches()) {
          flush(b, cur);
          cur = null;
          syncMode = false;
          if (m.group(2) != null) {
            cur = new Current();
            cur.id = Long.parseLong(m.group(2));
            cur.name = m.group(1);
            cur.daemon = m.group(3) != null;
          }
          continue;
        }
        // a header cut by a newline in the thread name: its frames must not go to the thread before
        flush(b, cur);
        cur = null;
        split = line;
        splitLines = 1;
        continue;
      }
      if (line.startsWith("#") || line.startsWith("Thread #")) {
        Matcher m = (line.indexOf('\n') < 0 ? PLAIN_HEADER : PLAIN_HEADER_SPLIT).matcher(line);
        if (m.matches()) {
          flush(b, cur);
          syncMode = false;
          cur = new Current();
          cur.id = Long.parseLong(m.group(1));
          cur.name = m.group(2);
          cur.virtual = m.group(3) != null;
          cur.state = SnapshotBuilder.state(m.group(4));
          continue;
        }
        if (PLAIN_HEADER_START.matcher(line).matches()) {
          flush(b, cur);
          cur = null;
          split = line;
          splitLines = 1;
          continue;
        }
      }
      if (cur == null) {
        continue;
      }
      int i = 0;
      while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (line.startsWith("at ", i)) {
        cur.stack.add(b.frame(line.substring(i + 3).strip()));
        continue;
      }
      if (line.startsWith("- ", i)) {
        lockLine(line.substring(i).stripTrailing(), cur, syncMode);
        continue;
      }
      if (line.startsWith("java.lang.Thread.State:", i)) {
        Matcher st = STATE.matcher(line);
        if (st.matches()) {
          cur.state = SnapshotBuilder.state(st.group(1));
        }
        continue;
      }
      if (line.startsWith("Locked ownable synchronizers", i)) {
        syncMode = true;
        continue;
      }
      if (line.startsWith("Mounted virtual thread", i)) {
        Matcher mv = MOUNTED.matcher(line);
        if (mv.matches()) {
          long carrier = cur.id;
          flush(b, cur);
          cur = new Current();
          cur.id = Long.parseLong(mv.group(1));
          cur.name = "";
          cur.virtual = true;
          cur.state = Thread.State.RUNNABLE;
          cur.carrier = carrier;
        }
      }
    }
    flush(b, cur);
    if (b.threads.isEmpty()) {
      if (sawDumpMarker) {
        throw new DumpFormatException(source + " is a thread dump without any Java thread");
      }
      throw new DumpFormatException(source + " is not a thread dump (expected a JDK JSON thread dump or the output"
          + " of jstack / jcmd Thread.print)");
    }
    return b.build(source, false, -1);
  }

  private static boolean looksLikeHeader(String line) {
    return line.startsWith("\"") || line.startsWith("#") || line.startsWith("Thread #")
        || line.startsWith("Full thread dump") || line.startsWith("Found one Java-level deadlock");
  }

  /**
   * The lock of a lock line: {@code <ID>} optionally followed by {@code (a CLASS)}, as {@code CLASS@ID}, or null.
   * Found with indexOf, in one pass: the regex this replaced was quadratic on a line of {@code <<<<...}.
   */
  static String lock(String t) {
    int lt = t.indexOf('<');
    int gt = lt < 0 ? -1 : t.indexOf('>', lt + 1);
    if (gt < 0) {
      return null;
    }
    String id = t.substring(lt + 1, gt);
    int i = gt + 1;
    if (i < t.length() && t.charAt(i) == ',') {
      i++;
    }
    while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
      i++;
    }
    if (t.startsWith("(a ", i)) {
      int close = t.indexOf(')', i + 3);
      if (close > i + 3) {
        return t.substring(i + 3, close) + "@" + id;
      }
    }
    return id;
  }

  private static void lockLine(String t, Current cur, boolean syncMode) {
    String lock = lock(t);
    if (lock == null) {
      return;
    }
    if (syncMode) {
      cur.syncs.add(lock);
    } else if (t.startsWith("- locked")) {
      cur.monitors.add(lock);
    } else if (t.startsWith("- waiting to lock") || t.startsWith("- waiting to re-lock")) {
      cur.blockedOn = lock;
    } else if (t.startsWith("- waiting on")) {
      if (!lock.startsWith("no object reference")) {
        cur.waitingOn = lock;
      }
    } else if (t.startsWith("- parking to wait for")) {
      cur.parkBlocker = lock;
    }
  }

  private static void flush(SnapshotBuilder b, Current c) {
    if (c == null) {
      return;
    }
    ThreadLocks locks = c.blockedOn == null && c.waitingOn == null && c.parkBlocker == null && c.monitors.isEmpty()
        && c.syncs.isEmpty()
        ? ThreadLocks.NONE
        : new ThreadLocks(c.blockedOn, c.waitingOn, c.parkBlocker, -1, c.monitors, c.syncs);
    b.add(c.id, c.name, c.state, c.virtual, c.daemon, c.stack, locks, c.carrier);
  }
}
