package dev.leash.realworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/**
 * Runs the Leash CLI in-process on a {@link Capture}, exactly as a user would ({@code leash triage before.json
 * after.json --format json}, {@code leash prove heap.hprof after.json --format json}), and reads its JSON report.
 * Results are kept per capture.
 */
final class LeashReports {
  private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();
  private static final Map<String, Long> MILLIS = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private LeashReports() {}

  /** {@code leash triage before.json after.json --format json -o triage.json}. */
  static JsonNode triage(Capture c) throws Exception {
    return run(c, "triage.json", "triage", c.before().toString(), c.after().toString());
  }

  /** {@code leash triage after.json --format json -o triage-one.json}: what an on-call engineer with one dump sees. */
  static JsonNode triageOne(Capture c) throws Exception {
    return run(c, "triage-one.json", "triage", c.after().toString());
  }

  /** True once the CLI has a {@code prove} command (issue 14). */
  static boolean proveAvailable() {
    return new CommandLine(new Main()).getSubcommands().containsKey("prove");
  }

  /** {@code leash prove heap.hprof after.json --format json -o prove.json}, when the CLI has that command. */
  static Optional<JsonNode> prove(Capture c) throws Exception {
    if (!proveAvailable()) {
      return Optional.empty();
    }
    return Optional.of(run(c, "prove.json", "prove", c.heap().toString(), c.after().toString()));
  }

  /** Wall milliseconds the CLI took for {@code file} (triage.json, prove.json) of {@code c}, or -1. */
  static long millis(Capture c, String file) {
    return MILLIS.getOrDefault(c.label() + "/" + file, -1L);
  }

  private static JsonNode run(Capture c, String file, String... args) throws Exception {
    String key = c.label() + "/" + file;
    JsonNode cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    Path out = c.dir().resolve(file);
    Files.deleteIfExists(out);
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--format";
    all[args.length + 1] = "json";
    all[args.length + 2] = "-o";
    all[args.length + 3] = out.toString();
    long start = System.nanoTime();
    int code = Main.run(all);
    MILLIS.put(key, (System.nanoTime() - start) / 1_000_000);
    if (code != 0 && code != 1 || !Files.isRegularFile(out)) {
      throw new IllegalStateException("leash " + String.join(" ", all) + " exited " + code + " and wrote "
          + (Files.isRegularFile(out) ? "a report" : "no report"));
    }
    JsonNode report = JSON.readTree(out.toFile());
    CACHE.put(key, report);
    return report;
  }
}
