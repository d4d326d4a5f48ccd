package dev.leash.triage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Long-lived thread families of the libraries services run on (Tomcat workers, Jetty's pool, Netty event loops,
 * HikariCP's housekeeper, ...), read from a data file. A thread of a known family is healthy unless its family grows
 * or a heap proof shows it leaked.
 *
 * <p>The file format, one family per block:
 * <pre>
 * # a comment
 * family: tomcat worker            # the name reports show as knownAs
 * name:   http-(nio|nio2|apr)-.+-exec-\d+   # a regex the whole thread name must match (any of several lines)
 * frame:  org.apache.tomcat.util.threads.   # a frame (class.method) containing this at a dot boundary (any of several)
 * owned:  true                     # optional: the threads are tasks of a Leash owner (evidence "owned")
 * </pre>
 * A thread belongs to the first family whose name patterns (when it has any) and frame markers (when it has any) both
 * match. The defaults ship as the resource {@code dev/leash/triage/known-threads.txt}; {@link #withFile(Path)} adds a
 * user's families in front of them. Immutable and thread-safe.
 */
public final class KnownThreads {
  /** One family. */
  record Family(String name, List<Pattern> names, List<String> frames, boolean owned) {}

  private static final KnownThreads NONE = new KnownThreads(List.of());
  private static volatile KnownThreads defaults;

  private final List<Family> families;

  private KnownThreads(List<Family> families) {
    this.families = List.copyOf(families);
  }

  /** No known families: every leak shape stays a suspect until growth or a proof says otherwise. */
  public static KnownThreads none() {
    return NONE;
  }

  /** The families Leash ships (JDK, Tomcat, Jetty, Netty and shaded copies, gRPC, OkHttp, HikariCP, ...). */
  public static KnownThreads defaults() {
    KnownThreads d = defaults;
    if (d == null) {
      try (InputStream in = KnownThreads.class.getResourceAsStream("known-threads.txt")) {
        if (in == null) {
          throw new IllegalStateException("the resource dev/leash/triage/known-threads.txt is missing from the jar");
        }
        d = new KnownThreads(parse(new InputStreamReader(in, StandardCharsets.UTF_8), "known-threads.txt"));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read known-threads.txt: " + e.getMessage(), e);
      }
      defaults = d;
    }
    return d;
  }

  /**
   * These families with those of {@code file} in front of them (a user's file wins over the defaults).
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the file is malformed (the message names the file and line)
   */
  public KnownThreads withFile(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    List<Family> all;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      all = new ArrayList<>(parse(r, file.toString()));
    }
    all.addAll(families);
    return new KnownThreads(all);
  }

  /** How many families. */
  public int size() {
    return families.size();
  }

  /** The family {@code t} belongs to, or {@code null}. */
  Family match(SnapshotThread t) {
    for (Family f : families) {
      if (matches(f, t)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The name of the family of a thread with this name and stack, or {@code null} when none matches.
   *
   * @throws NullPointerException if an argument is null
   */
  public String familyOf(String threadName, List<String> stack) {
    Objects.requireNonNull(threadName, "threadName");
    Objects.requireNonNull(stack, "stack");
    for (Family f : families) {
      if (nameMatches(f, threadName) && frameMatches(f, stack)) {
        return f.name();
      }
    }
    return null;
  }

  private static boolean matches(Family f, SnapshotThread t) {
    return nameMatches(f, t.name()) && frameMatches(f, t.stack());
  }

  private static boolean nameMatches(Family f, String name) {
    if (f.names().isEmpty()) {
      return true;
    }
    for (Pattern p : f.names()) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  private static boolean frameMatches(Family f, List<String> stack) {
    if (f.frames().isEmpty()) {
      return true;
    }
    for (String frame : stack) {
      for (String marker : f.frames()) {
        int i = frame.indexOf(marker);
        if (i == 0 || (i > 0 && frame.charAt(i - 1) == '.')) {
          return true;
        }
      }
    }
    return false;
  }

  static List<Family> parse(Reader reader, String source) throws IOException {
    List<Family> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(reader);
    String name = null;
    List<Pattern> names = new ArrayList<>();
    List<String> frames = new ArrayList<>();
    boolean owned = false;
    int lineNo = 0;
    int familyLine = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      String s = stripComment(line).strip();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(source + " line " + lineNo + ": expected 'key: value', got: " + s);
      }
      String key = s.substring(0, colon).strip();
      String value = s.substring(colon + 1).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(source + " line " + lineNo + ": " + key + " has no value");
      }
      switch (key) {
        case "family" -> {
          if (name != null) {
            out.add(family(name, names, frames, owned, source, familyLine));
          }
          name = value;
          names = new ArrayList<>();
          frames = new ArrayList<>();
          owned = false;
          familyLine = lineNo;
        }
        case "name" -> {
          requireFamily(name, source, lineNo);
          try {
            names.add(Pattern.compile(value));
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + ": bad name pattern " + value + " ("
                + e.getDescription() + ")");
          }
        }
        case "frame" -> {
          requireFamily(name, source, lineNo);
          frames.add(value);
        }
        case "owned" -> {
          requireFamily(name, source, lineNo);
          owned = Boolean.parseBoolean(value);
        }
        default -> throw new IllegalArgumentException(source + " line " + lineNo + ": unknown key " + key
            + " (use family, name, frame or owned)");
      }
    }
    if (name != null) {
      out.add(family(name, names, frames, owned, source, familyLine));
    }
    return out;
  }

  /** A comment starts at a {@code #} preceded by whitespace or at the start of the line (regexes may hold '#'). */
  private static String stripComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static void requireFamily(String name, String source, int lineNo) {
    if (name == null) {
      throw new IllegalArgumentException(source + " line " + lineNo + ": 'family:' must come first");
    }
  }

  private static Family family(String name, List<Pattern> names, List<String> frames, boolean owned, String source,
      int line) {
    if (names.isEmpty() && frames.isEmpty()) {
      throw new IllegalArgumentException(source + " line " + line + ": family " + name
          + " has neither a name: nor a frame: line, so it would match every thread");
    }
    return new Family(name, List.copyOf(names), List.copyOf(frames), owned);
  }
}
