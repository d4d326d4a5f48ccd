package dev.leash.triage;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a dump with their position (byte offset and line), and a way to hand bytes back: a JSON parser that
 * failed on a damaged part returns the bytes it buffered but did not use, and reading goes on from there. Handed-back
 * bytes are read before the underlying stream, so a dump with many damaged parts still reads through one layer.
 */
final class Feed extends InputStream {
  private final InputStream in;
  private byte[] front = new byte[0];
  private int frontPos;
  private long offset;
  private long line = 1;

  Feed(InputStream in) {
    this.in = in;
  }

  /** Offset of the next byte in the dump. */
  long offset() {
    return offset;
  }

  /** Line (from 1) of the next byte in the dump. */
  long line() {
    return line;
  }

  /** Puts {@code bytes}, which must be the last bytes read, back in front; they are read again next. */
  void unread(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    if (frontPos >= bytes.length) {
      frontPos -= bytes.length; // they were read from front: step back instead of copying
    } else {
      byte[] rest = new byte[bytes.length + front.length - frontPos];
      System.arraycopy(bytes, 0, rest, 0, bytes.length);
      System.arraycopy(front, frontPos, rest, bytes.length, front.length - frontPos);
      front = rest;
      frontPos = 0;
    }
    offset -= bytes.length;
    for (byte b : bytes) {
      if (b == '\n') {
        line--;
      }
    }
  }

  /** Once front is used up, forget it: then bytes before frontPos were always read from front (see unread). */
  private void dropFront() {
    if (front.length != 0) {
      front = new byte[0];
      frontPos = 0;
    }
  }

  @Override
  public int read() throws IOException {
    int c;
    if (frontPos < front.length) {
      c = front[frontPos++] & 0xff;
    } else {
      dropFront();
      c = in.read();
    }
    if (c >= 0) {
      offset++;
      if (c == '\n') {
        line++;
      }
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n;
    if (frontPos < front.length) {
      n = Math.min(len, front.length - frontPos);
      System.arraycopy(front, frontPos, b, off, n);
      frontPos += n;
    } else {
      dropFront();
      n = in.read(b, off, len);
      if (n <= 0) {
        return n;
      }
    }
    offset += n;
    for (int i = off; i < off + n; i++) {
      if (b[i] == '\n') {
        line++;
      }
    }
    return n;
  }

  /**
   * Skips to the next {@code {} followed by optional white space and {@code "tid"}: the start of the next thread in
   * a JDK JSON dump. Leaves that {@code {} as the next byte; returns false at the end of input.
   */
  boolean skipToThread() throws IOException {
    byte[] look = new byte[256];
    int c;
    while ((c = read()) >= 0) {
      if (c != '{') {
        continue;
      }
      int n = 0;
      int d = read();
      while (d >= 0 && n < look.length - 8 && (d == ' ' || d == '\t' || d == '\r' || d == '\n')) {
        look[n++] = (byte) d;
        d = read();
      }
      if (d >= 0) {
        look[n++] = (byte) d;
      }
      for (int k = 0; k < 4 && d >= 0; k++) {
        d = read();
        if (d >= 0) {
          look[n++] = (byte) d;
        }
      }
      boolean found = n >= 5 && look[n - 5] == '"' && look[n - 4] == 't' && look[n - 3] == 'i'
          && look[n - 2] == 'd' && look[n - 1] == '"';
      byte[] back = new byte[found ? n + 1 : n];
      if (found) {
        back[0] = '{';
        System.arraycopy(look, 0, back, 1, n);
      } else {
        System.arraycopy(look, 0, back, 0, n);
      }
      unread(back);
      if (found) {
        return true;
      }
    }
    return false;
  }
}
