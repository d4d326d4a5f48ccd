package dev.leash.cli;

import dev.leash.triage.KnownThreads;
import dev.leash.triage.TriageOptions;
import dev.leash.triage.TriageReport;
import dev.leash.triage.Verdict;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The report options {@code triage} and {@code prove} share: format, output, library frames, known families, gate. */
final class ReportOptions {
  @Option(names = "--format", defaultValue = "text", description = "text, json or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE.")
  Path output;

  @Option(names = "--library", paramLabel = "PREFIX", split = ",",
      description = "Extra class-name prefixes that are not application frames (comma separated; PKG.* names one"
          + " package without its sub-packages).")
  List<String> libraries = new ArrayList<>();

  @Option(names = "--known", paramLabel = "FILE",
      description = "A file of your own long-lived thread families (the format of Leash's known-threads.txt:"
          + " family:, name: REGEX, frame: MARKER); they are healthy unless they grow or are proven leaked.")
  Path known;

  @Option(names = "--fail-on", paramLabel = "VERDICT",
      description = "Exit 1 when a group has this verdict or a surer one: leaked, growing or suspect.")
  String failOn;

  /** The triage options these flags give. */
  TriageOptions triageOptions() {
    TriageOptions o = TriageOptions.DEFAULTS;
    if (!libraries.isEmpty()) {
      List<String> all = new ArrayList<>(TriageOptions.DEFAULT_LIBRARY_PREFIXES);
      all.addAll(libraries);
      o = o.withLibraryPrefixes(all);
    }
    if (known != null) {
      try {
        o = o.withKnown(KnownThreads.defaults().withFile(known));
      } catch (NoSuchFileException e) {
        throw new UserException("no such file: " + known);
      } catch (AccessDeniedException e) {
        throw new UserException("cannot read " + known + ": permission denied");
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      } catch (IOException e) {
        throw new UserException("cannot read " + known + ": " + e.getMessage());
      }
    }
    return o;
  }

  /** The verdict of {@code --fail-on}, or {@code null}; checked before any work is done. */
  Verdict failOnVerdict() {
    if (failOn == null) {
      return null;
    }
    Verdict v;
    try {
      v = Verdict.ofId(failOn);
    } catch (IllegalArgumentException e) {
      throw new UserException("unknown --fail-on " + failOn + " (use leaked, growing or suspect)");
    }
    if (v == Verdict.HEALTHY || v == Verdict.JVM) {
      throw new UserException("--fail-on " + failOn + " would fail every run (use leaked, growing or suspect)");
    }
    return v;
  }

  /** Writes the report in the chosen format and returns the exit code the gate gives. */
  int write(TriageReport report, picocli.CommandLine cmd, Verdict gate) {
    TriageCommand.Format f = TriageCommand.Format.parse(format, false);
    Output.write(output, cmd.getOut(), w -> {
      switch (f) {
        case TEXT -> dev.leash.triage.Reports.text(report, w);
        case JSON -> dev.leash.triage.Reports.json(report, w);
        case HTML -> dev.leash.triage.Reports.html(report, w);
      }
    });
    return gate != null && report.hasAtLeast(gate) ? 1 : 0;
  }
}
