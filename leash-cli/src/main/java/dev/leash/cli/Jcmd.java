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
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "jcmd.exe" : "jcmd");
    if (!Files.isExecutable(jcmd)) {
      throw new UserException("jcmd not found at " + jcmd + "; run leash with a full JDK 21 or newer");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(jcmd.toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UserException("cannot run jcmd: " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new UserException("jcmd " + pid + " " + command[0] + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      String out = new String(bytes, StandardCharsets.UTF_8);
      String head = out.length() > 400 ? out.substring(0, 400) : out;
      if (p.exitValue() != 0 || head.contains("AttachNotSupportedException") || head.contains("Unable to open socket")
          || head.contains(pid + " not found") || head.startsWith("Exception")) {
        if (ProcessHandle.of(pid).isEmpty()) {
          throw new UserException("no process with pid " + pid);
        }
        throw new UserException("process " + pid + " is not a JVM leash can attach to (it must be a HotSpot JVM"
            + " run by the same user)");
      }
      return strip(out, pid);
    } catch (IOException e) {
      p.destroyForcibly();
      throw new UserException("jcmd failed: " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while running jcmd", 130);
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
