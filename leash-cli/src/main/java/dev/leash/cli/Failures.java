package dev.leash.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Why a file could not be read or written, in the user's words: no such directory, permission denied. */
final class Failures {
  private Failures() {}

  /** The reason {@code e} gives for {@code file}, without repeating the path. */
  static String why(IOException e, Path file) {
    if (e instanceof NoSuchFileException) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Path shown = file.getParent() != null ? file.getParent() : parent;
        return (Files.exists(parent) ? "not a directory: " : "no such directory: ") + shown;
      }
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return lower(f.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String lower(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }
}
