package dev.leash.cli;

import dev.leash.triage.DumpFormatException;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Untrusted;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a snapshot from a file or a live pid, turning every failure into a one-line {@link UserException}. */
final class Snapshots {
  private Snapshots() {}

  /** True when {@code arg} names a pid (all digits) rather than an existing file. */
  static boolean isPid(String arg) {
    return arg.matches("\\d{1,10}") && !Files.exists(Path.of(arg));
  }

  /** Reads a dump file or captures a live JVM; warns on {@code err} when the dump is truncated. */
  static ThreadSnapshot load(String arg, PrintWriter err) {
    if (isPid(arg)) {
      return capture(Long.parseLong(arg));
    }
    ThreadSnapshot s = read(Path.of(arg));
    warn(s, arg, err);
    return s;
  }

  /** One stderr line per damaged part the parser skipped, and one when the dump is truncated. */
  static void warn(ThreadSnapshot s, String name, PrintWriter err) {
    for (String w : s.warnings()) {
      err.println("leash: warning: " + Untrusted.text(name) + ": " + Untrusted.text(w));
    }
    if (s.truncated()) {
      err.println("leash: warning: " + Untrusted.text(name) + " is truncated; this report covers the "
          + s.threads().size() + " threads read before the end");
    }
    err.flush();
  }

  static ThreadSnapshot read(Path file) {
    try {
      return ThreadSnapshot.read(file);
    } catch (DumpFormatException e) {
      throw new UserException(e.getMessage());
    } catch (IOException e) {
      String why = Failures.why(e, file);
      throw new UserException(
          why.equals("no such file") ? "no such file: " + file : "cannot read " + file + ": " + why);
    }
  }

  /** Captures {@code pid}: JSON dump plus {@code Thread.print -l} for lock owners, in a temp dir removed after. */
  static ThreadSnapshot capture(long pid) {
    Jcmd.requireJvm21(pid);
    Path dir = null;
    try {
      dir = Files.createTempDirectory("leash-capture");
      Path json = dir.resolve("threads.json");
      Path text = dir.resolve("threads.txt");
      Jcmd.dumpJson(pid, json);
      Jcmd.dumpText(pid, text);
      return withSource(read(json).withLockOwnersFrom(read(text)), "pid " + pid);
    } catch (IOException e) {
      throw new UserException("cannot capture pid " + pid + ": " + e.getMessage());
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path p : files.toList()) {
            Files.deleteIfExists(p);
          }
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // a temp dir left behind is harmless
        }
      }
    }
  }

  private static ThreadSnapshot withSource(ThreadSnapshot s, String source) {
    return new ThreadSnapshot(s.threads(), source, s.truncated(), s.pid(), s.dumperThreadId(),
        s.reportedDeadlocks(), s.warnings());
  }
}
