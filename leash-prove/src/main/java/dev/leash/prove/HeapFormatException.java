package dev.leash.prove;

import java.io.IOException;

/**
 * The file is not a heap dump Leash can prove from: missing, empty, not HPROF, cut short, from a JVM whose
 * {@code java.lang.Thread} it does not know, or without the threads of the thread dump given with it. The message is
 * one line meant for a user.
 */
public final class HeapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}. */
  public HeapFormatException(String message) {
    super(message);
  }
}
