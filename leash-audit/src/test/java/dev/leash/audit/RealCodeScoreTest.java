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
    List<String> missing = new ArrayList<>();
    table.append("| sample | stop right | wait right | called healthy, are not | precision of findings |"
        + " non-sites still reported |\n|---|---|---|---|---|---|\n");
    for (String[] p : rows("projects.tsv")) {
      table.append(row(p[0], sites.stream().filter(l -> l.project().equals(p[0])).toList(),
          findings.stream().filter(l -> l.project().equals(p[0])).toList(), reports, missing));
    }
    table.append(row("all", sites, findings, reports, new ArrayList<>()));
    System.out.println("Leash audit on labelled real code (same tree, three runs, same JSON: yes):\n" + table);
    assertThat(missing).as("labelled real spawn sites no longer found").isEmpty();
  }

  private static String row(String name, List<SiteLabel> sites, List<FindingLabel> findings,
      Map<String, AuditReport> reports, List<String> missing) {
    int real = 0;
    int stopRight = 0;
    int waitRight = 0;
    int unhealthy = 0;
    int unhealthyCalledHealthy = 0;
    int falseSitesStillReported = 0;
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
        wrong.add(l.file().substring(l.file().lastIndexOf('/') + 1) + ":" + l.line());
      }
      if (!(l.owner() && l.stop() && l.waits())) {
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
    return String.format(Locale.ROOT, "| %s | %.0f%% (%d/%d) | %.0f%% (%d/%d) | %d of %d | %.0f%% (%d/%d) | %d |"
        + " wrong: %s%n", name, pct(stopRight, real), stopRight, real, pct(waitRight, real), waitRight, real,
        unhealthyCalledHealthy, unhealthy, pct(realFindings, reported), realFindings, reported,
        falseSitesStillReported, wrong);
  }

  private static double pct(int a, int b) {
    return b == 0 ? 100 : a * 100.0 / b;
  }
}
