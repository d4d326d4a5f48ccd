package dev.leash.triage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Detects the dump format from the first bytes and hands the stream to the matching parser. */
final class DumpReader {
  private DumpReader() {}

  static ThreadSnapshot read(BufferedInputStream in, String source) throws IOException {
    in.mark(4096);
    byte[] head = in.readNBytes(4096);
    in.reset();
    int i = 0;
    if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
      i = 3;
    }
    while (i < head.length && Character.isWhitespace(head[i])) {
      i++;
    }
    if (i == head.length) {
      throw new DumpFormatException(source + " is empty, not a thread dump");
    }
    String start = new String(head, i, Math.min(8, head.length - i), StandardCharsets.ISO_8859_1);
    if (start.startsWith("%PDF")) {
      throw new DumpFormatException(source + " is a PDF file, not a thread dump");
    }
    if (start.startsWith("PK\u0003\u0004") || start.startsWith("\u001f\u008b")) {
      throw new DumpFormatException(source + " is a compressed archive; unpack it first");
    }
    for (int k = i; k < head.length; k++) {
      if (head[k] == 0) {
        throw new DumpFormatException(source + " is a binary file, not a thread dump");
      }
    }
    if (head[i] == '{') {
      return JsonDumpParser.parse(in, source);
    }
    return TextDumpParser.parse(in, source);
  }
}
