package dev.leash.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leash capture PID}: a JSON thread dump of a live JVM, plus the {@code -l} text dump beside it. */
@Command(
    name = "capture",
    mixinStandardHelpOptions = true,
    description = {
      "Write a JSON thread dump of a live JVM (21+, same user) with jcmd Thread.dump_to_file, and beside it the",
      "jcmd Thread.print -l text dump (JSON dumps do not name the owners of java.util.concurrent locks).",
      "With --heap, a heap dump of the same moment too, for leash prove.",
      "",
      "Both files replace older ones only once both are complete; if the JVM exits half way, neither is touched.",
      "",
      "Exit code 0 when both files were written, 2 on bad input (unknown pid, not a JVM, JVM older than 21)."
    })
final class CaptureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PID", description = "The pid of the JVM.")
  long pid;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "The JSON file (default: threads-PID-TIME.json); the text dump goes to FILE with .txt.")
  Path output;

  @Option(names = "--heap",
      description = "Also write a heap dump of the same moment (FILE with .hprof; a full GC and a pause in the"
          + " target), for leash prove HPROF THREADS.")
  boolean heap;

  @Override
  public Integer call() throws Exception {
    Path[] files = capture(pid, output);
    if (heap) {
      String name = files[0].getFileName().toString();
      Path hprof = files[0].resolveSibling(name.substring(0, name.length() - 5) + ".hprof");
      if (java.nio.file.Files.exists(hprof)) {
        throw new UserException(hprof + " exists; jcmd will not overwrite a heap dump (remove it or pick another -o)");
      }
      Jcmd.dumpHeap(pid, hprof);
      spec.commandLine().getOut().println(dev.leash.triage.Untrusted.text("wrote " + files[0] + ", " + files[1] + " and " + hprof));
      spec.commandLine().getOut().flush();
      return 0;
    }
    spec.commandLine().getOut().println(dev.leash.triage.Untrusted.text("wrote " + files[0] + " and " + files[1]));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Captures {@code pid} to {@code json} (or a default name) and its text sibling; returns both paths. */
  static Path[] capture(long pid, Path json) throws java.io.IOException {
    Jcmd.requireJvm21(pid);
    Path file = json != null ? json
        : Path.of("threads-" + pid + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + ".json");
    if (java.nio.file.Files.isDirectory(file)) {
      throw new UserException("-o " + file + " is a directory");
    }
    String name = file.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    if (!name.endsWith(".json")) {
      file = file.resolveSibling(base + ".json");
    }
    Path text = file.resolveSibling(base + ".txt");
    return DumpPair.write(pid, file, text, DumpPair.JCMD);
  }
}
