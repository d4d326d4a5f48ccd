package dev.leash.cli;

import dev.leash.triage.Diff;
import dev.leash.triage.GroupChange;
import dev.leash.triage.Reports;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leash diff BEFORE AFTER}: the stack groups that grew, appeared or shrank between two dumps. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two thread dumps of the same JVM (files or pids) and list the stack groups that appeared, grew,",
      "shrank or went away, largest growth first: what leaked between these two moments.",
      "",
      "Exit code 0 when the report was written, 2 on bad input."
    })
final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BEFORE", description = "The earlier dump (file or pid).")
  String before;

  @Parameters(index = "1", paramLabel = "AFTER", description = "The later dump (file or pid).")
  String after;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE.")
  Path output;

  @Override
  public Integer call() {
    TriageCommand.Format f = TriageCommand.Format.parse(format, true);
    PrintWriter err = spec.commandLine().getErr();
    ThreadSnapshot a = Snapshots.load(before, err);
    ThreadSnapshot b = Snapshots.load(after, err);
    List<GroupChange> changes = Diff.between(Triage.analyze(a), Triage.analyze(b));
    Output.write(output, spec.commandLine().getOut(), w -> {
      if (f == TriageCommand.Format.JSON) {
        Reports.diffJson(changes, a.source(), b.source(), w);
      } else {
        Reports.diffText(changes, a.source(), b.source(), w);
      }
    });
    return 0;
  }
}
