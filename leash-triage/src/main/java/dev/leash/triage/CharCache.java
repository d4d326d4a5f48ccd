package dev.leash.triage;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Maps a run of characters (a JSON string value in the parser's buffer) to a cached String without allocating when
 * the run was seen before: frames and lock names repeat thousands of times in big dumps. Open addressing, doubling at
 * half load. Not thread-safe (one per parse).
 *
 * <p>A dump may be written to collide: many runs with one {@code String.hashCode} would make linear probing quadratic.
 * Probing therefore stops after {@value #MAX_PROBES} slots; runs that find no place by then live in a {@link HashMap},
 * whose bins of colliding {@code String}s are trees (logarithmic), so a flooded dump costs a constant factor more, not
 * a square.
 */
final class CharCache {
  private String[] keys = new String[1024];
  private String[] values = new String[1024];
  private static final int MAX_PROBES = 16;
  private int size;
  private Map<String, String> overflow;
  private final UnaryOperator<String> mapper;

  CharCache(UnaryOperator<String> mapper) {
    this.mapper = mapper;
  }

  String get(char[] buf, int off, int len) {
    int h = 0;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + buf[i];
    }
    int mask = keys.length - 1;
    int i = mix(h) & mask;
    int probes = 0;
    while (true) {
      String k = keys[i];
      if (k == null) {
        break;
      }
      if (k.length() == len && equal(k, buf, off, len)) {
        return values[i];
      }
      if (++probes == MAX_PROBES) {
        return overflow(new String(buf, off, len));
      }
      i = (i + 1) & mask;
    }
    String key = new String(buf, off, len);
    if (overflow != null) {
      String v = overflow.get(key); // placed there when this slot's run was full; the run has shrunk since by growing
      if (v != null) {
        return v;
      }
    }
    String value = mapper.apply(key);
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return value;
  }

  private String overflow(String key) {
    if (overflow == null) {
      overflow = new HashMap<>();
    }
    return overflow.computeIfAbsent(key, mapper);
  }

  private static boolean equal(String k, char[] buf, int off, int len) {
    for (int j = 0; j < len; j++) {
      if (k.charAt(j) != buf[off + j]) {
        return false;
      }
    }
    return true;
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }

  private void grow() {
    String[] oldKeys = keys;
    String[] oldValues = values;
    keys = new String[oldKeys.length * 2];
    values = new String[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      String k = oldKeys[j];
      if (k != null) {
        int i = mix(k.hashCode()) & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = oldValues[j];
      }
    }
  }
}
