package dev.leash.cli;

import dev.leash.triage.HeapEvidence;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageOptions;
import dev.leash.triage.TriageReport;
import dev.leash.triage.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leash triage FILE|PID [FILE2]}: groups the threads of a dump and names the leak shape of each group. */
@Command(
    name = "triage",
    mixinStandardHelpOptions = true,
    description = {
      "Group the threads of a thread dump by stack and name the leak shape of each group (abandoned-producer,",
      "orphaned-consumer, busy-spin, lock-held-blocking, unstopped-scheduler, idle-executor, stuck-io, deadlock),",
      "with the application frame, the lock owner chain and a fix.",
      "",
      "DUMP is a JDK JSON thread dump (jcmd PID Thread.dump_to_file -format=json F), a jstack / jcmd Thread.print",
      "text dump, or the pid of a live JVM (21+), which is dumped twice half a second apart to find busy spins.",
      "With two dumps of the same JVM, the second is reported and threads RUNNABLE in the same application",
      "frames in both are busy-spin.",
      "",
      "Each group gets a verdict: leaked (a lock cycle, or proven by --heap: nobody can reach its way out),",
      "growing (its family grew between the two dumps: new owners such as a pool per request, or more than",
      "doubled), suspect (a leak shape nothing proves or refutes), healthy (known infrastructure such as Tomcat",
      "or Netty threads, an owned Leash task, or a family that held between two dumps), jvm. The report leads",
      "with leaked and growing.",
      "",
      "Exit code 0 when the report was written (also for a truncated dump: a warning goes to stderr), 1 when",
      "--fail-on found its verdict, 2 on bad input."
    })
final class TriageCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DUMP", description = "Dump file or pid of a live JVM.")
  String first;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DUMP2", description = "A later dump of the same JVM.")
  String second;

  @Mixin ReportOptions report = new ReportOptions();

  @Option(names = "--heap", paramLabel = "HPROF",
      description = "A heap dump of the same moment as the (later) dump: groups whose waiting threads nobody can"
          + " reach are proven leaked, and the others say who still holds them.")
  Path heap;

  @Override
  public Integer call() throws Exception {
    Format.parse(report.format, false);
    Verdict gate = report.failOnVerdict();
    TriageOptions options = report.triageOptions();
    PrintWriter err = spec.commandLine().getErr();
    ThreadSnapshot previous = null;
    ThreadSnapshot current;
    if (second != null) {
      previous = Snapshots.load(first, err);
      current = Snapshots.load(second, err);
    } else if (Snapshots.isPid(first)) {
      long pid = Long.parseLong(first);
      previous = Snapshots.capture(pid);
      Thread.sleep(500); // the gap between the two samples is the measurement, not synchronisation
      current = Snapshots.capture(pid);
    } else {
      current = Snapshots.load(first, err);
    }
    HeapEvidence evidence = heap == null ? null : ProveCommand.prove(heap, current, err);
    TriageReport r = Triage.analyze(current, previous, options, evidence);
    return report.write(r, spec.commandLine(), gate);
  }

  /** Report formats. */
  enum Format {
    TEXT, JSON, HTML;

    static Format parse(String s, boolean textOrJsonOnly) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s) && !(textOrJsonOnly && f == HTML)) {
          return f;
        }
      }
      throw new UserException("unknown --format " + s + " (use " + (textOrJsonOnly ? "text or json" : "text, json or html")
          + ")");
    }
  }
}
