package dev.leash.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reader of JDK JSON thread dumps ({@code jcmd Thread.dump_to_file -format=json},
 * {@code HotSpotDiagnosticMXBean.dumpThreads}). Accepts JDK 21's minimal threads (tid, name, stack) up to the newer
 * fields (state, virtual, parkBlocker with owner, blockedOn, waitingOn, monitorsOwned, carrier), numbers written as
 * strings or numbers, containers nested in containers; ignores unknown fields. A file cut short yields the threads
 * read so far, flagged truncated. A damaged part (an invalid UTF-8 byte, a stray bracket) costs the thread it is in:
 * reading goes on at the next thread, and a warning says what was skipped and where.
 */
final class JsonDumpParser {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
  private static final byte[] OPEN_ARRAY = {'['};
  private static final int MAX_WARNINGS = 10;

  private final SnapshotBuilder b = new SnapshotBuilder();
  private final Feed feed;
  private final String source;
  /** Line of the dump where the current parser's line 1 is. */
  private long lineBase = 1;
  /** Dump line of the thread being read, or -1 between threads. */
  private long threadLine = -1;
  private int damaged;

  private JsonDumpParser(InputStream in, String source) {
    this.feed = new Feed(in);
    this.source = source;
  }

  static ThreadSnapshot parse(InputStream in, String source) throws IOException {
    return new JsonDumpParser(in, source).parse();
  }

  private ThreadSnapshot parse() throws IOException {
    boolean sawDump = false;
    boolean truncated = false;
    JsonParser p = FACTORY.createParser(feed);
    try {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DumpFormatException(source + " is JSON but not a JDK thread dump");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        if ("threadDump".equals(f) && t == JsonToken.START_OBJECT) {
          sawDump = true;
          readDump(p);
        } else {
          p.skipChildren();
        }
      }
      requireEnd(p, JsonToken.END_OBJECT);
    } catch (JsonEOFException e) {
      truncated = true;
    } catch (JsonParseException e) {
      handBack(p);
      if (atEnd()) {
        truncated = true; // Jackson reports some cuts as a parse error ("end-of-input within Object entries")
      } else if (!sawDump) {
        throw new DumpFormatException(source + " is not valid JSON: " + firstLine(e.getOriginalMessage()));
      } else {
        truncated = recover(p, e);
      }
    } finally {
      p.close();
    }
    if (!sawDump) {
      if (truncated) {
        throw new DumpFormatException(source + " is truncated before any thread was read");
      }
      throw new DumpFormatException(source + " is JSON but not a JDK thread dump (no \"threadDump\" object)");
    }
    if (b.threads.isEmpty() && (truncated || damaged > 0)) {
      throw new DumpFormatException(source + (truncated ? " is truncated" : " is damaged")
          + " before any thread was read" + (b.warnings.isEmpty() ? "" : " (" + b.warnings.get(0) + ")"));
    }
    if (damaged > MAX_WARNINGS) {
      b.warnings.add("skipped " + (damaged - MAX_WARNINGS) + " more damaged parts");
    }
    return b.build(source, truncated, -1);
  }

  /**
   * Reads on after a damaged part: skips to the next thread object and reads threads from there, each run of
   * threads in a parser of its own (it starts inside the threads array, so the nesting around is unknown; the
   * parser stops at the end of that array or at the next damage). Returns true when the dump ends inside a threads
   * array (it was cut short).
   */
  private boolean recover(JsonParser failed, JsonParseException first) throws IOException {
    JsonParser p = failed;
    JsonParseException e = first;
    long lastStart = -1;
    while (true) {
      p.close();
      if (e != null) {
        warn(e);
      }
      if (feed.offset() <= lastStart) {
        feed.read(); // never start twice at the same thread
      }
      threadLine = -1;
      if (!feed.skipToThread()) {
        return false;
      }
      lastStart = feed.offset();
      lineBase = feed.line();
      p = FACTORY.createParser(new SequenceInputStream(new ByteArrayInputStream(OPEN_ARRAY), feed));
      e = null;
      try {
        p.nextToken();
        readThreads(p);
      } catch (JsonEOFException eof) {
        p.close();
        return true; // the dump ended inside the threads array
      } catch (JsonParseException next) {
        handBack(p);
        if (atEnd()) {
          p.close();
          return true;
        }
        e = next;
      }
      if (e == null) {
        handBack(p);
      }
    }
  }

  /** The bytes the parser read ahead but did not use go back to the feed, so the next read starts at its position. */
  private void handBack(JsonParser p) throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    p.releaseBuffered(rest);
    feed.unread(rest.toByteArray());
  }

  private boolean atEnd() throws IOException {
    int c = feed.read();
    if (c < 0) {
      return true;
    }
    feed.unread(new byte[] {(byte) c});
    return false;
  }

  private void warn(JsonParseException e) {
    damaged++;
    if (damaged > MAX_WARNINGS) {
      return;
    }
    long at = feed.line();
    String what = threadLine >= 0
        ? "skipped 1 thread (from line " + threadLine + ")"
        : "skipped a damaged part";
    b.warnings.add(what + ": invalid JSON at line " + at + " (byte " + feed.offset() + "): "
        + Untrusted.text(firstLine(e.getOriginalMessage())) + "; read on from the next thread");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private void readDump(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      if ("processId".equals(f) && t.isScalarValue()) {
        b.pid = SnapshotBuilder.parseLong(p.getValueAsString(), -1);
      } else if ("threadContainers".equals(f) && t == JsonToken.START_ARRAY) {
        readContainers(p);
      } else if ("threads".equals(f) && t == JsonToken.START_ARRAY) {
        readThreads(p);
      } else {
        p.skipChildren();
      }
    }
    requireEnd(p, JsonToken.END_OBJECT);
  }

  private void readContainers(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.START_OBJECT) {
        readContainer(p);
      } else if (t == null) {
        throw new JsonEOFException(p, null, "end of input in threadContainers");
      } else {
        p.skipChildren();
      }
    }
  }

  private void readContainer(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      if ("threads".equals(f) && t == JsonToken.START_ARRAY) {
        readThreads(p);
      } else if (("threadContainers".equals(f) || "children".equals(f) || "containers".equals(f))
          && t == JsonToken.START_ARRAY) {
        readContainers(p);
      } else {
        p.skipChildren();
      }
    }
    requireEnd(p, JsonToken.END_OBJECT);
  }

  private void readThreads(JsonParser p) throws IOException {
    JsonToken t;
    List<String> stack = new ArrayList<>(32);
    List<String> monitors = new ArrayList<>(4);
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.START_OBJECT) {
        readThread(p, stack, monitors);
      } else if (t == null) {
        throw new JsonEOFException(p, null, "end of input in threads");
      } else {
        p.skipChildren();
      }
    }
  }

  private void readThread(JsonParser p, List<String> stack, List<String> monitors) throws IOException {
    threadLine = lineBase + p.currentTokenLocation().getLineNr() - 1;
    long tid = -1;
    String name = null;
    String state = null;
    boolean virtual = false;
    Boolean daemon = null;
    String blockedOn = null;
    String waitingOn = null;
    String parkBlocker = null;
    long parkOwner = -1;
    long carrier = -1;
    stack.clear();
    monitors.clear();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "tid" -> tid = SnapshotBuilder.parseLong(p.getValueAsString(), -1);
        case "name" -> name = p.getValueAsString();
        case "state" -> state = t == JsonToken.VALUE_STRING
            ? b.shared(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) : p.getValueAsString();
        case "virtual" -> virtual = t == JsonToken.VALUE_TRUE || "true".equals(p.getValueAsString());
        case "daemon" -> daemon = t == JsonToken.VALUE_NULL ? null
            : t == JsonToken.VALUE_TRUE || "true".equals(p.getValueAsString());
        case "blockedOn" -> blockedOn = p.getValueAsString();
        case "waitingOn" -> waitingOn = p.getValueAsString();
        case "carrier" -> carrier = SnapshotBuilder.parseLong(p.getValueAsString(), -1);
        case "parkBlocker" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String g = p.currentName();
              p.nextToken();
              if ("object".equals(g)) {
                parkBlocker = p.currentToken() == JsonToken.VALUE_STRING
                    ? b.shared(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) : p.getValueAsString();
              } else if ("owner".equals(g)) {
                parkOwner = SnapshotBuilder.parseLong(p.getValueAsString(), -1);
              } else {
                p.skipChildren();
              }
            }
            requireEnd(p, JsonToken.END_OBJECT);
          } else if (t.isScalarValue()) {
            parkBlocker = p.getValueAsString();
          }
        }
        case "stack" -> {
          if (t == JsonToken.START_ARRAY) {
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
              if (e == null) {
                throw new JsonEOFException(p, null, "end of input in stack");
              }
              if (e == JsonToken.VALUE_STRING) {
                stack.add(b.frame(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
              } else {
                p.skipChildren();
              }
            }
          }
        }
        case "monitorsOwned" -> readMonitors(p, t, monitors);
        default -> p.skipChildren();
      }
    }
    requireEnd(p, JsonToken.END_OBJECT);
    ThreadLocks locks = blockedOn == null && waitingOn == null && parkBlocker == null && monitors.isEmpty()
        ? ThreadLocks.NONE
        : new ThreadLocks(blockedOn, waitingOn, parkBlocker, parkOwner, monitors, List.of());
    b.add(tid, name, SnapshotBuilder.state(state), virtual, daemon, stack, locks, carrier);
    threadLine = -1;
  }

  private static void readMonitors(JsonParser p, JsonToken t, List<String> monitors) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e == null) {
        throw new JsonEOFException(p, null, "end of input in monitorsOwned");
      }
      if (e != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String g = p.currentName();
        JsonToken v = p.nextToken();
        if ("locks".equals(g) && v == JsonToken.START_ARRAY) {
          JsonToken l;
          while ((l = p.nextToken()) != JsonToken.END_ARRAY) {
            if (l == null) {
              throw new JsonEOFException(p, null, "end of input in locks");
            }
            if (l == JsonToken.VALUE_STRING) {
              monitors.add(p.getText());
            }
          }
        } else {
          p.skipChildren();
        }
      }
      requireEnd(p, JsonToken.END_OBJECT);
    }
  }

  /** After a field loop: the loop ended on a non-field token, which must be the object's end, not end of input. */
  private static void requireEnd(JsonParser p, JsonToken expected) throws IOException {
    if (p.currentToken() != expected) {
      throw new JsonEOFException(p, p.currentToken(), "unexpected end of input");
    }
  }
}
