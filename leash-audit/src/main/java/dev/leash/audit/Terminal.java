package dev.leash.audit;

/**
 * Makes an untrusted string (a file name, text from the sources) safe to print on a terminal: C0 and C1 control
 * characters, DEL, line and paragraph separators and invisible format characters (bidi overrides and isolates,
 * zero-width characters) are written as visible escapes (backslash-x-1b for ESC, backslash-u-202e for RLO), so a
 * file name cannot move the cursor, start a new line or reorder what follows it.
 */
final class Terminal {
  private Terminal() {}

  static String safe(String s) {
    if (s == null) {
      return "";
    }
    int i = 0;
    while (i < s.length() && !unsafe(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unsafe(c)) {
        b.append(c);
      } else if (c <= 0xff) {
        b.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  private static boolean unsafe(char c) {
    if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
      return true;
    }
    if (c < 0xa0) {
      return false;
    }
    int type = Character.getType(c);
    return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.CONTROL;
  }
}
