package dev.leash.cli;

import dev.leash.triage.Untrusted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Looks at a process before anything is sent to it. Attaching (jcmd) signals the target with SIGQUIT, which kills a
 * process that is not a JVM, and hangs on a JVM stopped with SIGSTOP. On Linux the process is checked through
 * {@code /proc} first: it must be running, and show a JVM marker (its attach socket {@code /tmp/.java_pidPID}, its
 * {@code hsperfdata} file, or {@code libjvm} mapped in {@code /proc/PID/maps}). Elsewhere the check is skipped.
 */
final class Target {
  private Target() {}

  /** Throws a one-line {@link UserException} unless {@code pid} is a running JVM (as far as /proc can tell). */
  static void requireRunningJvm(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return; // no /proc: jcmd's own checks are all there is
    }
    if (!Files.isDirectory(proc)) {
      throw new UserException("no process with pid " + pid);
    }
    char state = state(proc);
    if (state == 'T' || state == 't') {
      throw new UserException("process " + pid + " is stopped (SIGSTOP or a debugger); resume it with kill -CONT "
          + pid + " and try again");
    }
    if (state == 'Z' || state == 'X') {
      throw new UserException("process " + pid + " has exited");
    }
    if (!isJvm(pid, proc)) {
      String name = ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("?");
      throw new UserException("process " + pid + " (" + Untrusted.text(name) + ") is not a JVM: no attach socket,"
          + " no hsperfdata file and no libjvm in its memory map; nothing was sent to it");
    }
  }

  /** True when {@code pid} is gone or a zombie (it exited and its parent has not reaped it yet). */
  static boolean hasExited(long pid) {
    if (ProcessHandle.of(pid).isEmpty()) {
      return true;
    }
    Path proc = Path.of("/proc", Long.toString(pid));
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return false;
    }
    char state = state(proc);
    return state == 'Z' || state == 'X' || !Files.isDirectory(proc);
  }

  /** The state letter of /proc/PID/stat (R, S, D, T, Z...), or '?' when unreadable. */
  private static char state(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
      int close = stat.lastIndexOf(')'); // the command name in parentheses may hold anything, spaces included
      return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
    } catch (IOException e) {
      return '?';
    }
  }

  private static boolean isJvm(long pid, Path proc) {
    String socket = ".java_pid" + pid;
    if (Files.exists(Path.of("/tmp", socket)) || Files.exists(proc.resolve("root/tmp").resolve(socket))) {
      return true;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/tmp"), "hsperfdata_*")) {
      for (Path d : dirs) {
        if (Files.exists(d.resolve(Long.toString(pid)))) {
          return true;
        }
      }
    } catch (IOException | SecurityException ignored) {
      // no hsperfdata to look at; the memory map decides
    }
    try (var lines = Files.lines(proc.resolve("maps"), StandardCharsets.ISO_8859_1)) {
      return lines.anyMatch(l -> l.endsWith("/libjvm.so"));
    } catch (AccessDeniedException e) {
      throw new UserException("cannot look at process " + pid + ": permission denied (leash attaches only to JVMs"
          + " of the same user)");
    } catch (NoSuchFileException e) {
      throw new UserException("no process with pid " + pid);
    } catch (IOException | java.io.UncheckedIOException e) {
      return true; // cannot tell: let jcmd decide
    }
  }
}
