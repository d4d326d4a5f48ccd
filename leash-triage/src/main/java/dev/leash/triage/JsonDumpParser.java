package dev.leash.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reader of JDK JSON thread dumps ({@code jcmd Thread.dump_to_file -format=json},
 * {@code HotSpotDiagnosticMXBean.dumpThreads}). Accepts JDK 21's minimal threads (tid, name, stack) up to the newer
 * fields (state, virtual, parkBlocker with owner, blockedOn, waitingOn, monitorsOwned, carrier), numbers written as
 * strings or numbers, containers nested in containers; ignores unknown fields. A file cut short yields the threads
 * read so far, flagged truncated.
 */
final class JsonDumpParser {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonDumpParser() {}

  static ThreadSnapshot parse(InputStream in, String source) throws IOException {
    SnapshotBuilder b = new SnapshotBuilder();
    boolean sawDump = false;
    boolean truncated = false;
    try (JsonParser p = FACTORY.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DumpFormatException(source + " is JSON but not a JDK thread dump");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        if ("threadDump".equals(f) && t == JsonToken.START_OBJECT) {
          sawDump = true;
          readDump(p, b);
        } else {
          p.skipChildren();
        }
      }
      requireEnd(p, JsonToken.END_OBJECT);
    } catch (JsonEOFException e) {
      truncated = true;
    } catch (JsonParseException e) {
      if (!sawDump) {
        throw new DumpFormatException(source + " is not valid JSON: " + firstLine(e.getOriginalMessage()));
      }
      truncated = true;
    }
    if (!sawDump) {
      if (truncated) {
        throw new DumpFormatException(source + " is truncated before any thread was read");
      }
      throw new DumpFormatException(source + " is JSON but not a JDK thread dump (no \"threadDump\" object)");
    }
    if (truncated && b.threads.isEmpty()) {
      throw new DumpFormatException(source + " is truncated before any thread was read");
    }
    return b.build(source, truncated, -1);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void readDump(JsonParser p, SnapshotBuilder b) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      if ("processId".equals(f) && t.isScalarValue()) {
        b.pid = SnapshotBuilder.parseLong(p.getValueAsString(), -1);
      } else if ("threadContainers".equals(f) && t == JsonToken.START_ARRAY) {
        readContainers(p, b);
      } else if ("threads".equals(f) && t == JsonToken.START_ARRAY) {
        readThreads(p, b);
      } else {
        p.skipChildren();
      }
    }
    requireEnd(p, JsonToken.END_OBJECT);
  }

  private static void readContainers(JsonParser p, SnapshotBuilder b) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.START_OBJECT) {
        readContainer(p, b);
      } else if (t == null) {
        throw new JsonEOFException(p, null, "end of input in threadContainers");
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readContainer(JsonParser p, SnapshotBuilder b) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      if ("threads".equals(f) && t == JsonToken.START_ARRAY) {
        readThreads(p, b);
      } else if (("threadContainers".equals(f) || "children".equals(f) || "containers".equals(f))
          && t == JsonToken.START_ARRAY) {
        readContainers(p, b);
      } else {
        p.skipChildren();
      }
    }
    requireEnd(p, JsonToken.END_OBJECT);
  }

  private static void readThreads(JsonParser p, SnapshotBuilder b) throws IOException {
    JsonToken t;
    List<String> stack = new ArrayList<>(32);
    List<String> monitors = new ArrayList<>(4);
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.START_OBJECT) {
        readThread(p, b, stack, monitors);
      } else if (t == null) {
        throw new JsonEOFException(p, null, "end of input in threads");
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readThread(JsonParser p, SnapshotBuilder b, List<String> stack, List<String> monitors)
      throws IOException {
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
