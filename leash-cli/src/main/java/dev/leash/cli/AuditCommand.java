package dev.leash.cli;

import dev.leash.audit.Audit;
import dev.leash.audit.AuditReport;
import dev.leash.audit.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leash audit}: scans Java sources for spawn sites and leak patterns. Runs on the calling thread plus a
 * worker pool that the audit owns and closes before returning.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Scan Java sources: for every place that starts threads, answer owner? stop? wait?, score the code base",
      "(sites with all three / all sites; above 90%% is healthy), and report leak patterns (rules in docs/rules/).",
      "",
      "Exit code 0 ok, 1 the score is below --fail-under, 2 bad input (no such directory, nothing to scan)."
    })
final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", defaultValue = ".", paramLabel = "DIR",
      description = "Directory to scan (default: the current directory).")
  Path dir;

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text, json, sarif or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
  Path output;

  @Option(names = "--fail-under", paramLabel = "SCORE",
      description = "Exit 1 when the score (0-100) is below SCORE.")
  Double failUnder;

  @Override
  public Integer call() throws Exception {
    ReportFormat fmt;
    try {
      fmt = ReportFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (failUnder != null && (failUnder.isNaN() || failUnder < 0 || failUnder > 100)) {
      throw new UserException("--fail-under must be between 0 and 100, was " + failUnder);
    }
    if (!Files.exists(dir)) {
      throw new UserException("no such directory: " + dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new UserException("not a directory: " + dir + " (give the directory that holds the sources)");
    }
    Progress progress = Progress.onTerminal(spec.commandLine().getErr());
    AuditReport report;
    try {
      int total = Audit.files(dir).size();
      if (total == 0) {
        throw new UserException("nothing to scan: no .java files under " + dir);
      }
      report = Audit.create().withProgress(done -> progress.update(done, total)).scan(dir);
    } catch (IOException e) {
      throw new UserException("cannot read " + dir + ": " + e.getMessage());
    } finally {
      progress.finish();
    }
    if (report.parsedFiles() == 0) {
      throw new UserException("nothing could be scanned: none of the " + report.files()
          + " .java files under " + dir + " parses");
    }
    String text = fmt.render(report);
    if (output != null) {
      try {
        Files.writeString(output, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserException("cannot write " + output + ": " + Failures.why(e, output));
      }
    } else {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      if (System.out.checkError()) {
        return 2; // the report is lost: Main says why in one line
      }
    }
    if (failUnder != null && report.score() < failUnder) {
      spec.commandLine().getErr().println(String.format(Locale.ROOT,
          "leash: score %.1f is below --fail-under %.1f", report.score(), failUnder));
      return 1;
    }
    return 0;
  }
}
