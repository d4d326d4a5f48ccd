package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageCliTest {
  private Path dir;
  private Path json;
  private Path text;

  /** Result of one CLI run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A one-line error: exit 2, exactly one line on stderr, no stack trace. */
  static void assertOneLineError(Run r, String contains) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("leash: ").contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @BeforeAll
  void captureAChild(@TempDir Path tmp) throws Exception {
    dir = tmp;
    try (Child c = Child.grower()) {
      c.grow(20);
      Run r = run("capture", Long.toString(c.pid()), "-o", tmp.resolve("leaky.json").toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("leaky.json").contains("leaky.txt");
    }
    json = tmp.resolve("leaky.json");
    text = tmp.resolve("leaky.txt");
  }

  @Test
  void captureWritesJsonAndTextDumpsThatTriageNames() {
    assertThat(json).isRegularFile();
    assertThat(text).isRegularFile();
    for (Path f : List.of(json, text)) {
      Run r = run("triage", f.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("orphaned-consumer").contains("20 threads WAITING")
          .contains("fixture.Grower.lambda$main$0(Grower.java");
    }
  }

  @Test
  void jsonAndHtmlFormatsAndOutputFile() throws Exception {
    Run r = run("triage", json.toString(), "--format", "json");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("\"patterns\"").contains("\"orphaned-consumer\" : 20").contains("\"threadIds\"");
    Path html = dir.resolve("r.html");
    Run h = run("triage", json.toString(), "--format", "html", "-o", html.toString());
    assertThat(h.code()).isZero();
    assertThat(h.out()).isEmpty();
    assertThat(Files.readString(html)).contains("<details>").contains("orphaned-consumer");
    assertOneLineError(run("triage", json.toString(), "--format", "pdf"), "unknown --format pdf");
    assertOneLineError(run("triage", json.toString(), "-o", dir.toString()), "is a directory");
  }

  @Test
  void htmlEscapesAThreadNamedLikeAScript() throws Exception {
    String dump = "\"<script>alert(1)</script>\" #30 [1] prio=5 os_prio=0 cpu=1ms elapsed=1s tid=0x1 nid=1 waiting\n"
        + "   java.lang.Thread.State: WAITING (parking)\n"
        + "\tat jdk.internal.misc.Unsafe.park(java.base@25/Native Method)\n"
        + "\tat java.util.concurrent.LinkedBlockingQueue.take(java.base@25/LinkedBlockingQueue.java:435)\n"
        + "\tat com.acme.Feed.run(Feed.java:41)\n";
    Path f = dir.resolve("script.txt");
    Files.writeString(f, dump);
    Path html = dir.resolve("script.html");
    assertThat(run("triage", f.toString(), "--format", "html", "-o", html.toString()).code()).isZero();
    String page = Files.readString(html);
    assertThat(page).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void diffOfTwoDumpsShowsWhatGrew() throws Exception {
    Path before = dir.resolve("before.json");
    Path after = dir.resolve("after.json");
    try (Child c = Child.grower()) {
      c.grow(3);
      assertThat(run("capture", Long.toString(c.pid()), "-o", before.toString()).code()).isZero();
      c.grow(40);
      assertThat(run("capture", Long.toString(c.pid()), "-o", after.toString()).code()).isZero();
    }
    Run r = run("diff", before.toString(), after.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String first = r.out().lines().skip(1).findFirst().orElseThrow();
    assertThat(first).startsWith("grew").contains("+40").contains("(3 -> 43)").contains("orphaned-consumer");
    Run j = run("diff", before.toString(), after.toString(), "--format", "json");
    assertThat(j.out()).contains("\"change\" : \"grew\"").contains("\"delta\" : 40");
  }

  @Test
  void triageOfALivePidTakesTwoSamples() throws Exception {
    try (Child c = Child.grower()) {
      c.grow(5);
      Run r = run("triage", Long.toString(c.pid()));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("from pid " + c.pid()).contains("[orphaned-consumer] 5 threads WAITING");
    }
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Files.writeString(dir.resolve("empty.txt"), "");
    Files.write(dir.resolve("doc.pdf"), "%PDF-1.4\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("notes.txt"), "not\na\ndump\n");
    byte[] all = Files.readAllBytes(json);
    Files.write(dir.resolve("head.json"), java.util.Arrays.copyOf(all, 120));
    assertOneLineError(run("triage", dir.resolve("missing.json").toString()), "no such file");
    assertOneLineError(run("triage", dir.toString()), "is a directory");
    assertOneLineError(run("triage", dir.resolve("empty.txt").toString()), "is empty");
    assertOneLineError(run("triage", dir.resolve("doc.pdf").toString()), "PDF");
    assertOneLineError(run("triage", dir.resolve("notes.txt").toString()), "not a thread dump");
    assertOneLineError(run("triage", dir.resolve("head.json").toString()), "truncated before any thread");
    assertOneLineError(run("triage", "2147483000"), "no process with pid 2147483000");
    assertOneLineError(run("capture", "2147483000"), "no process with pid");
    assertOneLineError(run("diff", json.toString(), dir.resolve("nope").toString()), "no such file");
    assertOneLineError(run("watch", "1", "--interval", "soon"), "not a duration");
  }

  @Test
  void truncatedJsonReportsWhatWasReadAndSaysSo() throws Exception {
    byte[] all = Files.readAllBytes(json);
    Path cut = dir.resolve("cut.json");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length * 3 / 4));
    Run r = run("triage", cut.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).startsWith("leash: warning: ").contains("truncated");
    assertThat(r.out()).contains("TRUNCATED");
  }

  @Test
  void aProcessThatIsNotAJvm() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      assertOneLineError(run("triage", Long.toString(sleep.pid())), "is not a JVM");
    } finally {
      sleep.destroy();
      sleep.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aJvmOlderThan21() throws Exception {
    Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    assumeTrue(Files.isExecutable(jdk17.resolve("bin/java")), "needs a JDK 17 at " + jdk17);
    Path classes = dir.resolve("old");
    Files.createDirectories(classes);
    Path src = classes.resolve("Old.java");
    Files.writeString(src, "public class Old { public static void main(String[] a) throws Exception {"
        + " System.out.println(\"ready\"); System.in.read(); } }");
    Process javac = new ProcessBuilder(jdk17.resolve("bin/javac").toString(), "-d", classes.toString(), src.toString())
        .inheritIO().start();
    assertThat(javac.waitFor()).isZero();
    Process old = new ProcessBuilder(jdk17.resolve("bin/java").toString(), "-cp", classes.toString(), "Old").start();
    try {
      assertThat(new String(old.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("ready");
      Run r = run("triage", Long.toString(old.pid()));
      assertOneLineError(r, "runs Java 17");
    } finally {
      old.getOutputStream().close();
      if (!old.waitFor(10, TimeUnit.SECONDS)) {
        old.destroyForcibly();
      }
    }
  }
}
