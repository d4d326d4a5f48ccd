package dev.leash.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad file never fails the scan: it is listed in {@code unparsed} and the rest is reported. */
class BadInputTest {
  @TempDir Path dir;

  private static final String GOOD = "class Good { void f() { new Thread(() -> {}).start(); } }\n";

  @Test
  void badFilesAreListedAndTheRestIsReported() throws Exception {
    Files.writeString(dir.resolve("Good.java"), GOOD);
    Files.writeString(dir.resolve("Syntax.java"), "class Syntax { void f( { }");
    Files.writeString(dir.resolve("Empty.java"), "");
    Files.write(dir.resolve("Binary.java"), new byte[] {0x00, (byte) 0xff, 0x13, 0x00, 'c', 'l', 'a', 's', 's'});
    Files.write(dir.resolve("Latin1.java"),
        "// caf\u00e9 na\u00efve\nclass Latin1 { String s = \"\u00e9\"; }\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("Long.java"),
        "class Long { String s = \"" + "x".repeat(20_000) + "\"; }\n");
    AuditReport r = Audit.create().scan(dir);
    assertThat(r.files()).isEqualTo(6);
    assertThat(r.unparsed()).containsExactlyInAnyOrder("Binary.java", "Syntax.java");
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.file()).isEqualTo("Good.java"));
    assertThat(r.lines()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void buildOutputHiddenDirsAndSymlinkLoopsAreSkipped() throws Exception {
    Files.createDirectories(dir.resolve("src/a"));
    Files.writeString(dir.resolve("src/a/Good.java"), GOOD);
    for (String skipped : new String[] {"target", "build", ".git", "src/.hidden"}) {
      Files.createDirectories(dir.resolve(skipped));
      Files.writeString(dir.resolve(skipped).resolve("X.java"), GOOD);
    }
    Files.createSymbolicLink(dir.resolve("src/a/loop"), dir.resolve("src"));
    AuditReport r = Audit.create().scan(dir);
    assertThat(r.files()).isEqualTo(1);
    assertThat(r.spawnSites()).extracting(SpawnSite::file).containsExactly("src/a/Good.java");
  }

  @Test
  void emptyDirectoryGivesAnEmptyReport() throws Exception {
    AuditReport r = Audit.create().scan(dir);
    assertThat(r.files()).isZero();
    assertThat(r.score()).isEqualTo(100.0);
  }

  @Test
  void aFileInsteadOfADirectoryIsRejected() throws Exception {
    Path f = Files.writeString(dir.resolve("A.java"), GOOD);
    assertThatThrownBy(() -> Audit.create().scan(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void java21SyntaxParses() throws Exception {
    Files.writeString(dir.resolve("Modern.java"), """
        sealed interface Shape permits Circle, Square {}
        record Circle(double r) implements Shape {}
        record Square(double s) implements Shape {}
        class Modern {
          String text = \"""
              hello
              \""";
          double area(Shape s) {
            return switch (s) {
              case Circle c when c.r() > 0 -> Math.PI * c.r() * c.r();
              case Circle c -> 0;
              case Square q -> q.s() * q.s();
            };
          }
          void go() { if (text instanceof String t) { Thread.ofVirtual().start(() -> {}); } }
        }
        """);
    AuditReport r = Audit.create().scan(dir);
    assertThat(r.unparsed()).isEmpty();
    assertThat(r.spawnSites()).extracting(SpawnSite::kind).containsExactly(SpawnKind.VIRTUAL_THREAD);
  }

  @Test
  void manyFilesInParallelGiveTheSameReportAsOneThread() throws Exception {
    for (int i = 0; i < 60; i++) {
      Files.writeString(dir.resolve("F" + i + ".java"), "class F" + i + " {\n"
          + "  final java.util.concurrent.ExecutorService p = java.util.concurrent.Executors.newFixedThreadPool(1);\n"
          + (i % 3 == 0 ? "  void close() { p.close(); }\n" : "") + "}\n");
    }
    AuditReport one = Audit.create().withThreads(1).scan(dir);
    AuditReport many = Audit.create().withThreads(4).scan(dir);
    assertThat(many.spawnSites()).isEqualTo(one.spawnSites());
    assertThat(many.findings()).isEqualTo(one.findings());
    assertThat(one.score()).isEqualTo(33.3);
  }

  @Test
  void aRootGivenAsASymbolicLinkIsFollowed() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real/src"));
    Files.writeString(real.resolve("Good.java"), GOOD);
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
    AuditReport r = Audit.create().scan(link);
    assertThat(r.files()).isEqualTo(1);
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.file()).isEqualTo("src/Good.java"));
    assertThat(Audit.files(link)).hasSize(1);
  }

  @Test
  void aGenericHeaderFollowedByALongRunOfTextDoesNotAbortTheAudit() throws Exception {
    // class T< then thousands of characters without <, > or { (here in a string literal) used to overflow the
    // stack of the superclass pattern in a phase with no catch
    Files.writeString(dir.resolve("Odd.java"),
        "class Odd { String s = \"class T<" + "a".repeat(40_000) + "\"; }\n");
    Files.writeString(dir.resolve("Good.java"), GOOD);
    AuditReport r = Audit.create().withThreads(2).scan(dir);
    assertThat(r.unparsed()).isEmpty();
    assertThat(r.spawnSites()).singleElement().satisfies(s -> assertThat(s.file()).isEqualTo("Good.java"));
  }

  @Test
  void anOversizedFileIsListedWithItsReasonAndTheRestIsReported() throws Exception {
    StringBuilder big = new StringBuilder("class Big { String s = \"");
    big.append("x".repeat((int) FileScanner.MAX_BYTES));
    big.append("\"; }\n");
    Files.writeString(dir.resolve("Big.java"), big);
    Files.writeString(dir.resolve("Syntax.java"), "class Syntax { void f( { }");
    Files.writeString(dir.resolve("Good.java"), GOOD);
    AuditReport r = Audit.create().withThreads(2).scan(dir);
    assertThat(r.unparsed()).containsExactly("Big.java", "Syntax.java");
    assertThat(r.unparsedReasons().get(0)).startsWith("too large to analyse");
    assertThat(r.unparsedReasons().get(1)).startsWith("does not parse:");
    assertThat(r.spawnSites()).hasSize(1);
    assertThat(ReportFormat.TEXT.render(r)).contains("Big.java (too large to analyse");
    assertThat(ReportFormat.JSON.render(r)).contains("\"unparsedReasons\": [", "\"file\": \"Big.java\", \"reason\":");
  }

  @Test
  void controlCharactersInFileNamesCannotForgeTextOutput() throws Exception {
    String evil = "a\rScore: 100.0% (forged)\n\u001b[2K\u009b1A\u202e.java";
    Files.writeString(dir.resolve(evil), "class A { void f() { new Thread(() -> {}).start(); } }\n");
    AuditReport r = Audit.create().scan(dir);
    assertThat(r.spawnSites()).hasSize(1);
    String text = ReportFormat.TEXT.render(r);
    assertThat(text).doesNotContain("\r", "\u001b", "\u009b", "\u202e");
    assertThat(text.lines().filter(l -> l.startsWith("Score:"))).hasSize(1);
    assertThat(text).contains("a\\x0dScore: 100.0% (forged)\\x0a\\x1b[2K\\x9b1A\\u202e.java:1");
  }
}
