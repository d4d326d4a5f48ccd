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
  private static final Pattern LOCK = Pattern.compile("<([^>]*)>(?:,?\\s*\\(a ([^)]+)\\))?");
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
    while ((line = r.readLine()) != null) {
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
        Matcher m = JSTACK_HEADER.matcher(line);
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
      }
      if (line.startsWith("#") || line.startsWith("Thread #")) {
        Matcher m = PLAIN_HEADER.matcher(line);
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

  private static void lockLine(String t, Current cur, boolean syncMode) {
    Matcher m = LOCK.matcher(t);
    if (!m.find()) {
      return;
    }
    String lock = m.group(2) != null ? m.group(2) + "@" + m.group(1) : m.group(1);
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
