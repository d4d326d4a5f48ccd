package dev.leash.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the JDK's {@code jcmd} against another JVM; every failure becomes a one-line {@link UserException}. */
final class Jcmd {
  private static final Pattern JDK_VERSION = Pattern.compile("(?m)^JDK (\\d+)");
  private static final long TIMEOUT_SECONDS = 60;

  private Jcmd() {}

  /** Checks that {@code pid} is a live JVM of Java 21 or newer that jcmd can attach to. */
  static void requireJvm21(long pid) {
    if (pid <= 0 || ProcessHandle.of(pid).isEmpty()) {
      throw new UserException("no process with pid " + pid);
    }
    Target.requireRunningJvm(pid);
    String out = run(pid, "VM.version");
    Matcher m = JDK_VERSION.matcher(out);
    if (!m.find()) {
      throw new UserException("cannot read the Java version of process " + pid + ": " + firstLine(out));
    }
    int major = Integer.parseInt(m.group(1));
    if (major < 21) {
      throw new UserException("process " + pid + " runs Java " + major
          + "; leash needs Java 21 or newer there (Thread.dump_to_file)");
    }
  }

  /** Writes a JSON thread dump of {@code pid} to {@code file} (replaced if present). */
  static void dumpJson(long pid, Path file) throws IOException {
    Files.deleteIfExists(file);
    String out = run(pid, "Thread.dump_to_file", "-format=json", file.toAbsolutePath().toString());
    if (!Files.isRegularFile(file)) {
      throw new UserException("jcmd could not write the thread dump of " + pid + ": " + firstLine(out));
    }
  }

  /** Writes a heap dump of {@code pid}'s live objects to {@code file}, which must not exist yet. */
  static void dumpHeap(long pid, Path file) {
    String out = run(pid, "GC.heap_dump", file.toAbsolutePath().toString());
    if (!Files.isRegularFile(file)) {
      throw new UserException("jcmd could not write the heap dump of " + pid + ": " + firstLine(out));
    }
  }

  /** Writes {@code jcmd Thread.print -l} of {@code pid} to {@code file}. */
  static void dumpText(long pid, Path file) throws IOException {
    Files.writeString(file, run(pid, "Thread.print", "-l"), StandardCharsets.UTF_8);
  }

  /** The live Java thread count of {@code pid} (perf counter {@code java.threads.live}). */
  static long liveThreads(long pid) {
    String out = run(pid, "PerfCounter.print");
    for (String line : out.split("\\R")) {
      if (line.startsWith("java.threads.live=")) {
        return Long.parseLong(line.substring("java.threads.live=".length()).trim());
      }
    }
    throw new UserException("process " + pid + " does not publish java.threads.live (run without -XX:-UsePerfData)");
  }

  static String run(long pid, String... command) {
    Target.requireRunningJvm(pid); // checked before every attach: a JVM can be stopped between two
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "jcmd.exe" : "jcmd");
    if (!Files.isExecutable(jcmd)) {
      throw new UserException("jcmd not found at " + jcmd + "; run leash with a full JDK 21 or newer");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(jcmd.toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    Result res = execute(cmd, java.time.Duration.ofSeconds(TIMEOUT_SECONDS), "jcmd " + pid + " " + command[0]);
    String out = res.out();
    {
      String head = out.length() > 400 ? out.substring(0, 400) : out;
      if (res.exit() != 0 || head.contains("AttachNotSupportedException") || head.contains("Unable to open socket")
          || head.contains(pid + " not found") || head.startsWith("Exception")) {
        if (ProcessHandle.of(pid).isEmpty()) {
          throw new UserException("no process with pid " + pid);
        }
        throw new UserException("process " + pid + " is not a JVM leash can attach to (it must be a HotSpot JVM"
            + " run by the same user)");
      }
      return strip(out, pid);
    }
  }

  /** A finished command: its exit code and its output (stdout and stderr together). */
  record Result(int exit, String out) {}

  /** The output of {@code cmd}, which must exit with 0 in time. */
  static String exec(List<String> cmd, java.time.Duration timeout, String what) {
    Result r = execute(cmd, timeout, what);
    if (r.exit() != 0) {
      throw new UserException(what + " failed with exit code " + r.exit() + ": " + firstLine(r.out()));
    }
    return r.out();
  }

  /**
   * Runs {@code cmd} with a deadline. Its output goes to a temporary file, not a pipe: nothing has to read it while
   * it runs, so no reader thread exists, and a command that never ends (jcmd attached to a stopped JVM) is destroyed
   * at the deadline instead of blocking a read for ever. The file is deleted before returning.
   */
  static Result execute(List<String> cmd, java.time.Duration timeout, String what) {
    Path out;
    try {
      out = Files.createTempFile("leash-jcmd", ".out");
    } catch (IOException e) {
      throw new UserException("cannot run " + what + ": cannot create a temporary file: " + e.getMessage());
    }
    Process p = null;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new UserException(what + " did not answer in " + timeout.toSeconds() + " s (is the JVM stopped or"
            + " overloaded?)");
      }
      return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException("cannot run " + what + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while running " + what, 130);
    } finally {
      if (p != null && p.isAlive()) {
        stop(p);
      }
      try {
        Files.deleteIfExists(out);
      } catch (IOException ignored) {
        // a temporary file left behind is harmless
      }
    }
  }

  /** Ends {@code p}: politely, then forcibly; waits (boundedly) for it to be gone. */
  private static void stop(Process p) {
    p.destroy();
    boolean interrupted = false;
    try {
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** jcmd output starts with a {@code <pid>:} line; keep it out of error messages. */
  private static String strip(String out, long pid) {
    String prefix = pid + ":";
    return out.startsWith(prefix) ? out.substring(prefix.length()).stripLeading() : out;
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
