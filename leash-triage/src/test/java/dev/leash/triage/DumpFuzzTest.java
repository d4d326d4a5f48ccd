package dev.leash.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the dump parsers and the report writers over random cuts (of the file or of one line), byte flips, insertions,
 * deletions, repeats and splices of real dumps (the fixtures, taken from JDK 21 and 25 JVMs). Every case must end in a report or in a {@link DumpFormatException}
 * whose message is one safe line: no other exception, no case slower than 10 s.
 *
 * <p>Seeded and bounded: 5 s in the suite. Longer on demand: {@code -Dleash.fuzz.millis=600000 -Dleash.fuzz.seed=7}.
 * A failure names the seed and the case; {@code -Dleash.fuzz.case=N} replays that one case. Planting a bug in
 * {@code TextDumpParser.lock} (dropping its check for a missing {@code >}) made case 41 of seed 18 fail with a
 * StringIndexOutOfBoundsException.
 */
class DumpFuzzTest {
  private static final String[] SEEDS = {
    "jdk25-leaky.json", "jdk21-shape-leaky.json", "jdk25-leaky.txt", "jdk25-leaky-l.txt", "jdk25-leaky-plain.txt",
    "jdk25-vspin-jstack.txt"
  };
  private static final byte[][] TOKENS = {
    "}".getBytes(StandardCharsets.UTF_8), "{".getBytes(StandardCharsets.UTF_8), "]".getBytes(StandardCharsets.UTF_8),
    "[".getBytes(StandardCharsets.UTF_8), "\"".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8),
    ",".getBytes(StandardCharsets.UTF_8), "<".getBytes(StandardCharsets.UTF_8), ">".getBytes(StandardCharsets.UTF_8),
    "{\"tid\":".getBytes(StandardCharsets.UTF_8), "\\u".getBytes(StandardCharsets.UTF_8),
    {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xC2, (byte) 0x9B}, {(byte) 0xE2, (byte) 0x80, (byte) 0xAE},
    "\"x\" #7 prio=5 tid=0x1 nid=0x1 runnable\n".getBytes(StandardCharsets.UTF_8),
    "\t- waiting to lock <0x1> (a java.lang.Object)\n".getBytes(StandardCharsets.UTF_8),
    "Found one Java-level deadlock:\n".getBytes(StandardCharsets.UTF_8),
  };
  private static final long CASE_LIMIT_NANOS = 10_000_000_000L;

  @Test
  @Timeout(900)
  void everyMutatedDumpEndsInAReportOrOneClearLine() throws IOException {
    long seed = Long.getLong("leash.fuzz.seed", 18);
    long millis = Long.getLong("leash.fuzz.millis", 5_000);
    long only = Long.getLong("leash.fuzz.case", -1);
    List<byte[]> seeds = new ArrayList<>();
    for (String s : SEEDS) {
      seeds.add(DumpParserTest.bytes(s));
    }
    long deadline = System.nanoTime() + millis * 1_000_000;
    int cases = 0;
    int reports = 0;
    for (long n = only >= 0 ? only : 0; only >= 0 ? n == only : System.nanoTime() < deadline; n++) {
      Random r = new Random(seed * 1_000_003 + n);
      StringBuilder how = new StringBuilder();
      byte[] input = mutate(r, seeds, how);
      long start = System.nanoTime();
      if (runOne(input, "seed " + seed + " case " + n + " (" + how + ")", n % 8 == 0)) {
        reports++;
      }
      long took = System.nanoTime() - start;
      if (took > CASE_LIMIT_NANOS) {
        fail("seed %d case %d (%s) took %d ms", seed, n, how, took / 1_000_000);
      }
      cases++;
    }
    System.out.printf("DumpFuzzTest: seed %d, %d cases, %d reports%n", seed, cases, reports);
    assertThat(cases).isPositive();
    // most mutations leave a readable dump: the check must have exercised the parsers, not only the sniffing
    assertThat(reports).as("reports among %d cases", cases).isGreaterThan(cases / 4);
  }

  /** True for a report, false for a clear error; anything else fails the test. */
  private static boolean runOne(byte[] input, String what, boolean html) {
    try {
      ThreadSnapshot s = ThreadSnapshot.parse(new ByteArrayInputStream(input), "fuzz");
      TriageReport report = Triage.analyze(s);
      StringWriter w = new StringWriter();
      Reports.text(report, w);
      Reports.json(report, w);
      if (html) {
        Reports.html(report, w); // the slowest writer, and the least exposed: every 8th case
      }
      for (String warning : s.warnings()) {
        assertThat(warning).as(what).isEqualTo(Untrusted.text(warning));
      }
      return true;
    } catch (DumpFormatException e) {
      assertThat(e.getMessage()).as(what).isNotBlank().isEqualTo(Untrusted.text(e.getMessage()));
      return false;
    } catch (Throwable t) {
      throw new AssertionError(what + " threw " + t, t);
    }
  }

  private static byte[] mutate(Random r, List<byte[]> seeds, StringBuilder how) {
    byte[] b = seeds.get(r.nextInt(seeds.size()));
    int steps = 1 + r.nextInt(3);
    for (int i = 0; i < steps; i++) {
      if (b.length == 0) {
        break;
      }
      int at = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> {
          how.append("cut ").append(at).append(' ');
          b = java.util.Arrays.copyOf(b, at);
        }
        case 1 -> {
          int flips = 1 + r.nextInt(8);
          how.append("flip ").append(flips).append(" from ").append(at).append(' ');
          b = b.clone();
          for (int k = 0; k < flips; k++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          }
        }
        case 2 -> {
          byte[] t = TOKENS[r.nextInt(TOKENS.length)];
          how.append("insert ").append(t.length).append(" at ").append(at).append(' ');
          b = concat(java.util.Arrays.copyOf(b, at), t, java.util.Arrays.copyOfRange(b, at, b.length));
        }
        case 3 -> {
          byte[] other = seeds.get(r.nextInt(seeds.size()));
          int from = r.nextInt(other.length);
          how.append("splice ").append(at).append('+').append(from).append(' ');
          b = concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(other, from, other.length));
        }
        case 4 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(2_000));
          how.append("delete ").append(len).append(" at ").append(at).append(' ');
          b = concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at + len, b.length));
        }
        case 5 -> {
          int end = at;
          while (end < b.length && b[end] != '\n') {
            end++;
          }
          how.append("cut line at ").append(at).append(' ');
          b = concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, end, b.length));
        }
        default -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(4_000));
          int times = 1 + r.nextInt(20);
          how.append("repeat ").append(len).append(" at ").append(at).append(" x").append(times).append(' ');
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(b, 0, at + len);
          for (int k = 0; k < times; k++) {
            out.write(b, at, len);
          }
          out.write(b, at + len, b.length - at - len);
          b = out.toByteArray();
        }
      }
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
