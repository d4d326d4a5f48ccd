package dev.leash.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes Java snippets into a temporary tree and audits it. */
final class Sources {
  private Sources() {}

  static AuditReport scan(Path dir, String... nameAndCode) {
    try {
      for (int i = 0; i < nameAndCode.length; i += 2) {
        Path f = dir.resolve(nameAndCode[i]);
        Files.createDirectories(f.getParent());
        Files.writeString(f, nameAndCode[i + 1]);
      }
      return Audit.create().withThreads(2).scan(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A class {@code T} in {@code T.java} with the given imports and body. */
  static AuditReport body(Path dir, String body) {
    return scan(dir, "T.java", """
        import java.util.*;
        import java.util.concurrent.*;
        import java.util.concurrent.locks.*;
        import java.io.*;
        import java.net.*;
        class T {
        """ + body + "\n}\n");
  }

  /** 1-based line in T.java of the first line containing {@code marker} (the body starts at line 7). */
  static int lineOf(String body, String marker) {
    List<String> lines = body.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return i + 7;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }

  static List<String> rules(AuditReport r) {
    return r.findings().stream().map(f -> f.rule().id()).toList();
  }
}
