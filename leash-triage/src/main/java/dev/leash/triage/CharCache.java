package dev.leash.triage;

import java.util.function.UnaryOperator;

/**
 * Maps a run of characters (a JSON string value in the parser's buffer) to a cached String without allocating when
 * the run was seen before: frames and lock names repeat thousands of times in big dumps. Open addressing, doubling at
 * half load. Not thread-safe (one per parse).
 */
final class CharCache {
  private String[] keys = new String[1024];
  private String[] values = new String[1024];
  private int size;
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
    while (true) {
      String k = keys[i];
      if (k == null) {
        break;
      }
      if (k.length() == len && equal(k, buf, off, len)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    String key = new String(buf, off, len);
    String value = mapper.apply(key);
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return value;
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
