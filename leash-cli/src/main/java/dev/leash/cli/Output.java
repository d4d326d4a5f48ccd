package dev.leash.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command writes its report: stdout, or the file of {@code -o}. A failed write is a {@link UserException}
 * that says why (no such directory, permission denied, no space left); a failure of stdout itself is caught by
 * {@link Main}.
 */
final class Output {
  private Output() {}

  /** Something that writes a report. */
  @FunctionalInterface
  interface Body {
    void write(Writer w) throws IOException;
  }

  static void write(Path file, PrintWriter stdout, Body body) {
    if (file == null) {
      try {
        body.write(stdout);
      } catch (IOException e) {
        throw new UserException("cannot write the report: " + e.getMessage());
      }
      stdout.flush();
      return;
    }
    if (Files.isDirectory(file)) {
      throw new UserException("-o " + file + " is a directory");
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      body.write(w);
    } catch (IOException e) {
      throw new UserException("cannot write " + file + ": " + Failures.why(e, file));
    }
  }
}
