package dev.leash.triage;

import java.io.IOException;

/**
 * The input is not a thread dump Leash can read (empty, binary, a PDF, text without thread headers, JSON that is not
 * a JDK thread dump, or a truncated dump with no complete thread). The message is one line meant for a user.
 */
public final class DumpFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A format problem described by {@code message}. */
  public DumpFormatException(String message) {
    super(message);
  }
}
