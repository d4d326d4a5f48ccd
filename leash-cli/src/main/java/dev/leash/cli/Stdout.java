package dev.leash.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The process's standard output as the CLI writes it: {@code PrintStream} and {@code PrintWriter} swallow write
 * errors, so a report sent to a full disk or a closed pipe would be lost with exit code 0. This stream remembers the
 * first error (and still throws it), and {@link Main} turns it into one line and a non-zero exit.
 */
final class Stdout extends FilterOutputStream {
  private volatile IOException failure;

  Stdout(OutputStream out) {
    super(out);
  }

  /** The first write error, or null. */
  IOException failure() {
    return failure;
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw remember(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw remember(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw remember(e);
    }
  }

  private IOException remember(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }
}
