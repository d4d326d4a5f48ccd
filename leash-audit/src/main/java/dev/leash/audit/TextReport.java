package dev.leash.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable report (seed task 10's write-up: score, what to fix first, and how). */
final class TextReport {
  private TextReport() {}

  static String render(AuditReport r) {
    StringBuilder b = new StringBuilder();
    long healthy = r.spawnSites().stream().filter(SpawnSite::healthy).count();
    b.append(String.format(Locale.ROOT, "Leash audit: %,d files, %,d lines, %,d ms%n", r.files(), r.lines(),
        r.millis()));
    b.append(String.format(Locale.ROOT, "Score: %.1f%% (%d of %d spawn sites have an owner, a stop signal and a wait"
        + " point) - %s%n", r.score(), healthy, r.spawnSites().size(), verdict(r.score())));
    b.append(String.format(Locale.ROOT, "Findings: %d%n", r.findings().size()));
    if (!r.unparsed().isEmpty()) {
      b.append(String.format(Locale.ROOT, "Unparsed: %d file(s)%n", r.unparsed().size()));
      for (int i = 0; i < Math.min(10, r.unparsed().size()); i++) {
        b.append("  ").append(Terminal.safe(r.unparsed().get(i))).append(" (")
            .append(Terminal.safe(r.unparsedReasons().get(i))).append(")\n");
      }
      if (r.unparsed().size() > 10) {
        b.append("  ... and ").append(r.unparsed().size() - 10).append(" more\n");
      }
    }
    worstFiles(r, b);
    List<SpawnSite> bad = r.spawnSites().stream().filter(s -> !s.healthy()).toList();
    if (!bad.isEmpty()) {
      b.append("\nSpawn sites missing an answer (owner / stop / wait):\n");
      for (SpawnSite s : bad) {
        b.append(String.format(Locale.ROOT, "  %s:%d  %-14s owner=%s stop=%s wait=%s%n      %s%n",
            Terminal.safe(s.file()), s.line(), s.kind().id(), yn(s.owner()), yn(s.stop()), yn(s.waits()),
            Terminal.safe(s.advice())));
      }
    }
    Map<Rule, List<Finding>> byRule = new EnumMap<>(Rule.class);
    r.findings().forEach(f -> byRule.computeIfAbsent(f.rule(), k -> new ArrayList<>()).add(f));
    if (!byRule.isEmpty()) {
      b.append("\nFindings by rule:\n");
      byRule.forEach((rule, list) -> {
        b.append(String.format(Locale.ROOT, "  %s (%d) - %s%n", rule.id(), list.size(), rule.shortDescription()));
        for (Finding f : list) {
          b.append("    ").append(Terminal.safe(f.file())).append(':').append(f.line()).append("  ")
              .append(Terminal.safe(f.message())).append('\n');
        }
        b.append("    fix: ").append(rule.help()).append(" (docs/rules/").append(rule.id()).append(".md)\n");
      });
    }
    List<String> worst = worstThree(r);
    if (!worst.isEmpty()) {
      b.append("\nWorst ").append(worst.size()).append(", fix these first:\n");
      for (int i = 0; i < worst.size(); i++) {
        b.append("  ").append(i + 1).append(". ").append(worst.get(i)).append('\n');
      }
    }
    if (bad.isEmpty() && r.findings().isEmpty()) {
      b.append("\nNothing to fix: every spawn site is owned, stoppable and waited for.\n");
    }
    return b.toString();
  }

  private static String verdict(double score) {
    return score > 90 ? "healthy (> 90%)" : score >= 70 ? "needs work" : "leak-prone";
  }

  private static String yn(boolean b) {
    return b ? "yes" : "NO";
  }

  private static void worstFiles(AuditReport r, StringBuilder b) {
    Map<String, int[]> perFile = new LinkedHashMap<>();
    for (SpawnSite s : r.spawnSites()) {
      if (!s.healthy()) {
        perFile.computeIfAbsent(s.file(), k -> new int[2])[0]++;
      }
    }
    for (Finding f : r.findings()) {
      perFile.computeIfAbsent(f.file(), k -> new int[2])[1]++;
    }
    if (perFile.isEmpty()) {
      return;
    }
    b.append("\nWorst files:\n");
    perFile.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -(e.getValue()[0] + e.getValue()[1]))
            .thenComparing(Map.Entry::getKey))
        .limit(5)
        .forEach(e -> b.append(String.format(Locale.ROOT, "  %-60s %d unhealthy site(s), %d finding(s)%n",
            Terminal.safe(e.getKey()), e.getValue()[0], e.getValue()[1])));
  }

  /** The three worst items: spawn sites missing the most answers first, then findings of the most severe rules. */
  static List<String> worstThree(AuditReport r) {
    record Item(int weight, String text) {}
    List<Item> items = new ArrayList<>();
    for (SpawnSite s : r.spawnSites()) {
      if (!s.healthy()) {
        int w = (s.owner() ? 0 : 4) + (s.stop() ? 0 : 2) + (s.waits() ? 0 : 1);
        items.add(new Item(w * 10, Terminal.safe(s.file()) + ":" + s.line() + " " + s.kind().id() + " spawn site - "
            + Terminal.safe(s.advice()) + "\n     suggested fix: " + fixFor(s.kind())));
      }
    }
    for (Finding f : r.findings()) {
      int w = switch (f.rule()) {
        case ORPHANED_CONSUMER, ABANDONED_PRODUCER, LOCK_HELD_BLOCKING -> 55;
        case BUSY_SPIN, STUCK_IO -> 45;
        case IDLE_EXECUTOR, UNSTOPPED_SCHEDULER -> 35;
        case SWALLOWED_INTERRUPT -> 25;
      };
      items.add(new Item(w, Terminal.safe(f.file()) + ":" + f.line() + " " + f.rule().id() + " - "
          + Terminal.safe(f.message())
          + "\n     suggested fix: " + f.rule().help()));
    }
    items.sort(Comparator.comparingInt(Item::weight).reversed());
    return items.stream().limit(3).map(Item::text).toList();
  }

  private static String fixFor(SpawnKind kind) {
    return switch (kind) {
      case THREAD, VIRTUAL_THREAD -> "try (var g = TaskGroup.open(ctx)) { g.go(task); } - the group interrupts"
          + " and joins its threads on close";
      case EXECUTOR, FORK_JOIN -> "try (var pool = Executors.newFixedThreadPool(n)) { ... } - or keep it in a field"
          + " and call shutdown() + awaitTermination() from close()";
      case SCHEDULER, TIMER -> "try (var loop = Loop.fixedRate(ctx, period, fn)) { ... } - or cancel/shutdown the"
          + " scheduler from its owner's close()";
      case ASYNC -> "run it on an executor you own and join() the future, with orTimeout(...) as the bound";
      case LEASH -> "open it in try-with-resources so close() cancels and waits";
    };
  }
}
