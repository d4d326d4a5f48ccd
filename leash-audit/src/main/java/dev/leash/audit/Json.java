package dev.leash.audit;

/**
 * Minimal JSON string escaping for the report writers; control characters, C1 controls, line separators and invisible
 * format characters (bidi overrides) are written as JSON unicode escapes, so that a report printed on a terminal
 * cannot be forged.
 */
final class Json {
  private Json() {}

  static String str(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
              || Character.getType(c) == Character.FORMAT) {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
