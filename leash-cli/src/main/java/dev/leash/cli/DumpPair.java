package dev.leash.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the JSON and the text dump of a JVM beside each other, replacing older files of the same names only once
 * both dumps are complete: each is written to a temporary file in the target directory and renamed over its target
 * (atomically where the file system can). When the JVM exits or stops answering half way, the old files are left as
 * they were and the error says nothing was written; when only the second rename fails, the error names the file that
 * is missing. Temporary files never outlive the call.
 */
final class DumpPair {
  private DumpPair() {}

  /** What writes the two dumps (jcmd in the CLI; a stand-in in tests). */
  interface Dumper {
    void json(long pid, Path file) throws IOException;

    void text(long pid, Path file) throws IOException;
  }

  /** The real thing: {@code jcmd Thread.dump_to_file -format=json} and {@code jcmd Thread.print -l}. */
  static final Dumper JCMD = new Dumper() {
    @Override
    public void json(long pid, Path file) throws IOException {
      Jcmd.dumpJson(pid, file);
    }

    @Override
    public void text(long pid, Path file) throws IOException {
      Jcmd.dumpText(pid, file);
    }
  };

  /** Writes both dumps of {@code pid} to {@code json} and {@code text}; returns them. */
  static Path[] write(long pid, Path json, Path text, Dumper dumper) {
    for (Path f : new Path[] {json, text}) {
      if (Files.isDirectory(f)) {
        throw new UserException("cannot write " + f + ": it is a directory");
      }
    }
    String tag = "." + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()) + ".part";
    Path tmpJson = json.resolveSibling("." + json.getFileName() + tag);
    Path tmpText = text.resolveSibling("." + text.getFileName() + tag);
    try {
      try {
        dumper.json(pid, tmpJson);
        dumper.text(pid, tmpText);
      } catch (UserException | IOException e) {
        String why = e instanceof IOException io ? Failures.why(io, json) : e.getMessage();
        throw new UserException(why + "; nothing was written (" + json + " and " + text + " are as they were)",
            e instanceof UserException u ? u.exitCode() : 2);
      }
      try {
        move(tmpJson, json);
      } catch (IOException e) {
        throw new UserException("cannot write " + json + ": " + Failures.why(e, json) + "; nothing was written");
      }
      try {
        move(tmpText, text);
      } catch (IOException e) {
        throw new UserException("wrote " + json + " but not " + text + ": " + Failures.why(e, text));
      }
      return new Path[] {json, text};
    } finally {
      deleteQuietly(tmpJson);
      deleteQuietly(tmpText);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a stray .part file is harmless and named after its target
    }
  }
}
