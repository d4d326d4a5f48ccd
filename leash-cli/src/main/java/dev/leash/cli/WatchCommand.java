package dev.leash.cli;

import dev.leash.triage.Reports;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leash watch PID}: samples the live thread count of a JVM; baseline = median of the first samples; when the
 * count exceeds baseline x factor it prints an alert, captures a dump and prints its triage summary.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Sample the live Java thread count of a JVM every --interval. The baseline is the median of the first",
      "--baseline-samples samples; when a sample exceeds baseline x --alert-factor, print an alert, capture a thread",
      "dump into --dir (JSON + text) and print its triage summary. Alerts again only after the count fell back.",
      "Runs until the JVM exits, --count samples were taken or --duration passed.",
      "",
      "Exit code 0 when no alert was raised, 1 when at least one was, 2 on bad input."
    })
final class WatchCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PID", description = "The pid of the JVM.")
  long pid;

  @Option(names = "--interval", defaultValue = "5s",
      description = "Time between samples: 500ms, 5s, 1m, 1h, 1d; at most 365 days (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = "--alert-factor", defaultValue = "2", description = "Alert above baseline x this (default: ${DEFAULT-VALUE}).")
  double factor;

  @Option(names = "--baseline-samples", defaultValue = "3", description = "Samples whose median is the baseline (default: ${DEFAULT-VALUE}).")
  int baselineSamples;

  @Option(names = "--count", defaultValue = "0", description = "Stop after this many samples (0: no limit).")
  int count;

  @Option(names = "--duration", description = "Stop after this long (e.g. 10m).")
  String duration;

  @Option(names = "--dir", defaultValue = ".", description = "Directory for the dumps taken on alert (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Duration every = parseDuration("--interval", interval);
    Duration limit = duration == null ? null : parseDuration("--duration", duration);
    if (!(factor > 1.0) || Double.isInfinite(factor)) {
      throw new UserException("--alert-factor must be greater than 1, was " + factor);
    }
    if (baselineSamples < 1) {
      throw new UserException("--baseline-samples must be at least 1, was " + baselineSamples);
    }
    if (count < 0) {
      throw new UserException("--count must be >= 0, was " + count);
    }
    if (!Files.isDirectory(dir)) {
      throw new UserException("--dir " + dir + " is not a directory");
    }
    Jcmd.requireJvm21(pid);
    PrintWriter out = spec.commandLine().getOut();
    long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
    List<Long> first = new ArrayList<>();
    long baseline = -1;
    baselineDump = null;
    boolean alerting = false;
    int alerts = 0;
    for (int n = 1; count == 0 || n <= count; n++) {
      if (Target.hasExited(pid)) {
        out.println("process " + pid + " ended");
        break;
      }
      long threads;
      try {
        threads = Jcmd.liveThreads(pid);
      } catch (UserException e) {
        if (Target.hasExited(pid)) {
          out.println("process " + pid + " ended");
          break;
        }
        throw e;
      }
      String now = LocalTime.now().format(TIME);
      if (baseline < 0) {
        first.add(threads);
        out.printf("%s threads %d (baseline sample %d/%d)%n", now, threads, first.size(), baselineSamples);
        if (first.size() == baselineSamples) {
          baseline = median(first);
          baselineDump = Snapshots.capture(pid); // the alert compares with this: what grew since the baseline
          out.printf("baseline %d threads; alert above %d%n", baseline, threshold(baseline));

        }
      } else {
        long limitCount = threshold(baseline);
        out.printf("%s threads %d%n", now, threads);
        if (threads > limitCount && !alerting) {
          alerting = true;
          alerts++;
          alert(out, threads, baseline);
        } else if (threads <= limitCount) {
          alerting = false;
        }
      }
      out.flush();
      if (out.checkError() || System.out.checkError()) {
        break; // stdout is gone (a closed pipe, a full disk): Main reports it; sampling on would be for nobody
      }
      if ((count != 0 && n == count) || System.nanoTime() + every.toNanos() > deadline) {
        break;
      }
      Thread.sleep(every.toMillis()); // the sampling period itself
    }
    out.flush();
    return alerts > 0 ? 1 : 0;
  }

  private ThreadSnapshot baselineDump;

  private long threshold(long baseline) {
    return (long) Math.floor(baseline * factor);
  }

  private void alert(PrintWriter out, long threads, long baseline) throws Exception {
    out.printf(Locale.ROOT, "ALERT: %d threads > baseline %d x %s%n", threads, baseline, factor);
    Path json = dir.resolve("leash-watch-" + pid + "-" + System.currentTimeMillis() + ".json");
    Path[] files = CaptureCommand.capture(pid, json);
    out.println("dump: " + dev.leash.triage.Untrusted.text(files[0] + " and " + files[1]));
    ThreadSnapshot s = Snapshots.read(files[0]).withLockOwnersFrom(Snapshots.read(files[1]));
    TriageReport r = Triage.analyze(s, baselineDump, dev.leash.triage.TriageOptions.DEFAULTS);
    out.println("triage: " + r.verdicts() + " " + r.patterns());
    List<dev.leash.triage.StackGroup> worst = r.groups().stream()
        .filter(g -> g.verdict().ordinal() <= dev.leash.triage.Verdict.SUSPECT.ordinal()).limit(5).toList();
    for (dev.leash.triage.StackGroup g : worst) {
      out.println(g.verdict().id() + " (" + g.evidence().id() + "), family " + g.counts() + ":");
      out.print(Reports.compact(List.of(g), 3));
    }
    out.flush();
  }

  static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** The longest duration an option takes: a year (a bigger number is a typo, and would overflow nanoseconds). */
  static final Duration MAX_DURATION = Duration.ofDays(365);
  private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d{1,19})(ms|s|m|h|d)");

  /** Parses 500ms, 5s, 2m, 1h, 1d; every bad value, an overflow included, is one {@link UserException} line. */
  static Duration parseDuration(String option, String s) {
    java.util.regex.Matcher m = DURATION.matcher(s.trim());
    String shown = dev.leash.triage.Untrusted.text(s);
    if (!m.matches()) {
      throw new UserException(option + " " + shown + " is not a duration (use e.g. 500ms, 5s, 2m, 1h)");
    }
    long unitMillis = switch (m.group(2)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      default -> 86_400_000;
    };
    java.math.BigInteger millis =
        new java.math.BigInteger(m.group(1)).multiply(java.math.BigInteger.valueOf(unitMillis));
    if (millis.signum() == 0) {
      throw new UserException(option + " must be positive, was " + shown);
    }
    if (millis.compareTo(java.math.BigInteger.valueOf(MAX_DURATION.toMillis())) > 0) {
      throw new UserException(option + " " + shown + " is too long (at most 365 days)");
    }
    return Duration.ofMillis(millis.longValueExact());
  }
}
