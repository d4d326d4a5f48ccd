package dev.leash.triage;

/**
 * Makes text taken from a dump or a file system (thread names, frames, lock names, file names) safe to print on a
 * terminal: the result holds no character that moves the cursor, starts an escape sequence, breaks the line or
 * reorders the text around it. Those are written as visible escapes ({@code \n}, {@code \x1b}, {@code \u202e}), so
 * a thread name cannot forge a report line, clear the screen or hide text. Every other character is kept as is.
 *
 * <p>Escaped: C0 controls and DEL, C1 controls (U+0080 to U+009F, among them the one-byte CSI U+009B), the line and
 * paragraph separators U+2028 and U+2029, the bidirectional marks, embeddings, overrides and isolates (U+061C,
 * U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) and lone surrogates.
 */
public final class Untrusted {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Untrusted() {}

  /**
   * {@code s} with every unsafe character escaped; {@code null} stays {@code null}.
   */
  public static String text(String s) {
    if (s == null) {
      return null;
    }
    int i = 0;
    while (i < s.length() && safe(s, i)) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (safe(s, i)) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x80) {
        sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  private static boolean safe(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
      return false;
    }
    if (c < 0x61c) {
      return true;
    }
    if (c == 0x61c || c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
    return true;
  }
}
