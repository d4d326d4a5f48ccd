package dev.leash.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scores the audit against hand labels of real open-source code (resources {@code real/*.tsv}: projects with their
 * commit ids, a random sample of spawn sites with the right owner/stop/wait, a random sample of findings marked real
 * or not). The projects' sources are not in this repository. To run it, unpack each project at the listed commit
 * into {@code $LEASH_REAL_DIR/<project>} (e.g. {@code git --git-dir=<clone>/.git archive <commit> | tar -x -C
 * /tmp/real/redis+jedis}) and run {@code LEASH_REAL_DIR=/tmp/real mvn -pl leash-audit test
 * -Dtest=RealCodeScoreTest}; without the sources it is skipped. It prints the table of BENCHMARKS.md and fails if
 * a run differs from another (determinism) or a labelled real site is no longer found.
 */
class RealCodeScoreTest {
  private record SiteLabel(String project, String file, int line, boolean real, boolean owner, boolean stop,
      boolean waits) {}

  private record FindingLabel(String project, String file, int line, String rule, boolean real) {}

  private static List<String[]> rows(String name) throws IOException {
    try (InputStream in = RealCodeScoreTest.class.getResourceAsStream("/real/" + name)) {
      List<String[]> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          out.add(l.split("\t"));
        }
      }
      return out;
    }
  }

  @Test
  @Timeout(900)
  void scoreOnLabelledRealCode() throws Exception {
    String base = System.getProperty("leash.real.dir", System.getenv("LEASH_REAL_DIR"));
    Assumptions.assumeTrue(base != null && Files.isDirectory(Path.of(base)),
        "set LEASH_REAL_DIR to a directory holding the projects of real/projects.tsv at their commits");
    List<SiteLabel> sites = new ArrayList<>();
    for (String[] r : rows("sites.tsv")) {
      sites.add(new SiteLabel(r[0], r[1], Integer.parseInt(r[2]), r[4].equals("y"), r[5].equals("y"),
          r[6].equals("y"), r[7].equals("y")));
    }
    List<FindingLabel> findings = new ArrayList<>();
    for (String[] r : rows("findings.tsv")) {
      findings.add(new FindingLabel(r[0], r[1], Integer.parseInt(r[2]), r[3], r[4].equals("y")));
    }
    Map<String, AuditReport> reports = new HashMap<>();
    StringBuilder table = new StringBuilder();
    for (String[] p : rows("projects.tsv")) {
      Path dir = Path.of(base, p[0]);
      Assumptions.assumeTrue(Files.isDirectory(dir), "missing sources: " + dir + " (" + p[1] + " at " + p[2] + ")");
      String first = null;
      for (int run = 0; run < 3; run++) {
        AuditReport r = Audit.create().withThreads(2).scan(dir);
        String json = ReportFormat.JSON.render(r);
        if (first == null) {
          first = json;
          reports.put(p[0], r);
        }
        assertThat(json).as("run %d of %s gives the same JSON as run 1", run + 1, p[0]).isEqualTo(first);
      }
    }
    int real = 0;
    int stopRight = 0;
    int waitRight = 0;
    int unhealthy = 0;
    int unhealthyCalledHealthy = 0;
    int falseSitesStillReported = 0;
    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (SiteLabel l : sites) {
      SpawnSite s = reports.get(l.project()).spawnSites().stream()
          .filter(x -> x.file().equals(l.file()) && x.line() == l.line()).findFirst().orElse(null);
      if (!l.real()) {
        falseSitesStillReported += s == null ? 0 : 1;
        continue;
      }
      if (s == null) {
        missing.add(l.file() + ":" + l.line());
        continue;
      }
      real++;
      stopRight += s.stop() == l.stop() ? 1 : 0;
      waitRight += s.waits() == l.waits() ? 1 : 0;
      if (s.stop() != l.stop() || s.waits() != l.waits()) {
        wrong.add(l.file().substring(l.file().lastIndexOf('/') + 1) + ":" + l.line() + " stop " + s.stop() + "/"
            + l.stop() + " wait " + s.waits() + "/" + l.waits());
      }
      boolean healthy = l.owner() && l.stop() && l.waits();
      if (!healthy) {
        unhealthy++;
        unhealthyCalledHealthy += s.healthy() ? 1 : 0;
      }
    }
    int reported = 0;
    int realFindings = 0;
    for (FindingLabel l : findings) {
      boolean still = reports.get(l.project()).findings().stream()
          .anyMatch(f -> f.file().equals(l.file()) && f.line() == l.line() && f.rule().id().equals(l.rule()));
      if (still) {
        reported++;
        realFindings += l.real() ? 1 : 0;
      }
    }
    table.append(String.format(Locale.ROOT, "| stop answered right | %.0f%% (%d/%d) |%n", pct(stopRight, real),
        stopRight, real));
    table.append(String.format(Locale.ROOT, "| wait answered right | %.0f%% (%d/%d) |%n", pct(waitRight, real),
        waitRight, real));
    table.append(String.format(Locale.ROOT, "| sites called healthy that are not | %d of %d |%n",
        unhealthyCalledHealthy, unhealthy));
    table.append(String.format(Locale.ROOT, "| findings that are real (precision) | %.0f%% (%d/%d) |%n",
        pct(realFindings, reported), realFindings, reported));
    table.append(String.format(Locale.ROOT, "| labelled non-sites still reported | %d |%n", falseSitesStillReported));
    table.append("| same tree, three runs, same JSON | yes |\n");
    System.out.println("Leash audit on labelled real code:\n" + table + "wrong: " + wrong);
    assertThat(missing).as("labelled real spawn sites no longer found").isEmpty();
  }

  private static double pct(int a, int b) {
    return b == 0 ? 100 : a * 100.0 / b;
  }
}
