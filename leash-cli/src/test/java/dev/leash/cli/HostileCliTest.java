package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against failing systems and hostile input (issue 18): one line and a non-zero exit, never a hang. */
class HostileCliTest {
  @TempDir Path tmp;

  /** A CLI run in a child JVM. */
  record Proc(int code, String err, long millis) {}

  /** Runs {@code leash ARGS} in a child JVM with stdout sent to {@code stdout}; stderr is returned. */
  static Proc spawn(File stdout, List<String> jvmOptions, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.leash.cli.Main");
    cmd.addAll(List.of(args));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout).redirectInput(ProcessBuilder.Redirect.from(
        new File("/dev/null"))).start();
    byte[] err;
    try (InputStream in = p.getErrorStream()) {
      err = in.readAllBytes(); // ends when the child exits; the test's timeout bounds it
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Proc(p.exitValue(), new String(err, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
  }

  static void assertOneLine(Proc r, String... contains) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("leash: ").contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private Path dump() throws IOException {
    Path f = tmp.resolve("dump.txt");
    try (InputStream in = getClass().getResourceAsStream("/dumps/jdk25-leaky-l.txt")) {
      if (in != null) {
        Files.write(f, in.readAllBytes());
        return f;
      }
    }
    Files.writeString(f, "\"main\" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition\n"
        + "   java.lang.Thread.State: WAITING (parking)\n\tat app.Main.main(Main.java:3)\n");
    return f;
  }

  @Test
  @Timeout(300)
  void everyCommandUnderAFailingStdoutExitsNonZeroWithOneLine() throws Exception {
    assumeTrue(new File("/dev/full").exists(), "needs /dev/full");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("A.java"), "class A { void f() { new Thread(() -> {}).start(); } }\n");
    Path dump = dump();
    File full = new File("/dev/full");
    try (Child c = Child.grower()) {
      String pid = Long.toString(c.pid());
      List<String[]> commands = List.of(
          new String[] {"--help"}, new String[] {"--version"}, new String[] {"demo", "--tasks", "5"},
          new String[] {"audit", src.toString()}, new String[] {"audit", src.toString(), "--fail-under", "100"},
          new String[] {"triage", dump.toString()}, new String[] {"triage", dump.toString(), "--format", "json"},
          new String[] {"diff", dump.toString(), dump.toString()},
          new String[] {"capture", pid, "-o", tmp.resolve("cap.json").toString()},
          new String[] {"watch", pid, "--count", "1", "--interval", "10ms"},
          new String[] {"example"}, new String[] {"triage", "--help"});
      for (String[] args : commands) {
        Proc r = spawn(full, List.of(), args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(String.join(" ", args) + ": " + r.err()).hasSize(1);
        assertThat(r.err()).as(String.join(" ", args)).startsWith("leash: ").contains("standard output")
            .contains("No space left on device");
      }
    }
  }

  @Test
  @Timeout(120)
  void aReportToAFailingFileExitsNonZeroWithOneLine() throws Exception {
    assumeTrue(new File("/dev/full").exists(), "needs /dev/full");
    Proc r = spawn(new File("/dev/null"), List.of(), "triage", dump().toString(), "-o", "/dev/full");
    assertOneLine(r, "/dev/full", "o space left on device");
  }

  @Test
  @Timeout(120)
  void anOutOfMemoryErrorIsOneLineWithAHeapHintAndExit2() throws Exception {
    Path big = tmp.resolve("big.txt");
    try (var w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      w.write("\"main\" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable\n\tat ");
      char[] a = new char[1 << 20];
      java.util.Arrays.fill(a, 'a');
      for (int i = 0; i < 48; i++) {
        w.write(a);
      }
      w.write("\n");
    }
    Proc r = spawn(new File("/dev/null"), List.of("-Xmx24m"), "triage", big.toString());
    assertOneLine(r, "out of memory", "-Xmx");
  }

  @Test
  @Timeout(60)
  void aStoppedJvmIsReportedNotWaitedFor() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
    try (Child c = Child.grower()) {
      signal("STOP", c.pid());
      try {
        long start = System.nanoTime();
        TriageCliTest.Run r = TriageCliTest.run("capture", Long.toString(c.pid()), "-o",
            tmp.resolve("x.json").toString());
        long ms = (System.nanoTime() - start) / 1_000_000;
        TriageCliTest.assertOneLineError(r, "stopped");
        assertThat(r.err()).contains("kill -CONT " + c.pid());
        assertThat(ms).isLessThan(20_000);
      } finally {
        signal("CONT", c.pid());
      }
    }
  }

  @Test
  @Timeout(30)
  void jcmdThatDoesNotAnswerIsStoppedAtTheDeadline() throws Exception {
    long start = System.nanoTime();
    // "yes" writes for ever: reading its output before waiting (the old way) never ends
    UserException e = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
        () -> Jcmd.exec(List.of("yes"), Duration.ofSeconds(1), "yes"));
    assertThat(e.getMessage()).contains("did not answer in 1 s");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    assertThat(Jcmd.exec(List.of("echo", "hi"), Duration.ofSeconds(10), "echo")).isEqualTo("hi\n");
  }

  @Test
  @Timeout(60)
  void aProcessThatIsNotAJvmGetsNoSignal() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      TriageCliTest.Run r = TriageCliTest.run("capture", Long.toString(sleep.pid()), "-o",
          tmp.resolve("x.json").toString());
      TriageCliTest.assertOneLineError(r, "not a JVM");
      assertThat(r.err()).contains("nothing was sent");
      assertThat(sleep.waitFor(2, TimeUnit.SECONDS)).as("sleep was signalled").isFalse();
    } finally {
      sleep.destroy();
      sleep.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReportToAMissingDirectorySaysSo() throws Exception {
    TriageCliTest.Run r = TriageCliTest.run("triage", dump().toString(), "-o", "/nonexistent-leash/x.txt");
    TriageCliTest.assertOneLineError(r, "no such directory: /nonexistent-leash");
    TriageCliTest.Run a = TriageCliTest.run("diff", dump().toString(), dump().toString(), "-o",
        tmp.resolve("file.txt/x.txt").toString());
    assertThat(a.code()).isEqualTo(2);
  }

  @Test
  void aFileUnderSomethingThatIsNotADirectoryIsNotNoSuchFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    TriageCliTest.Run r = TriageCliTest.run("triage", file.resolve("dump.json").toString());
    TriageCliTest.assertOneLineError(r, "not a directory");
  }

  /**
   * A file in a directory the user cannot enter is "permission denied", not "no such file". Root enters every
   * directory, so as root the CLI runs as user nobody (setpriv) from a copy of the class path nobody can read.
   */
  @Test
  @Timeout(120)
  void aFileInADirectoryThatCannotBeEnteredIsPermissionDenied() throws Exception {
    Path locked = Files.createDirectories(tmp.resolve("locked"));
    Files.copy(dump(), locked.resolve("dump.txt"));
    Files.setPosixFilePermissions(locked, java.util.Set.of());
    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    String target = locked.resolve("dump.txt").toString();
    if (!"root".equals(System.getProperty("user.name"))) {
      TriageCliTest.assertOneLineError(TriageCliTest.run("triage", target), "permission denied");
      return;
    }
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to run as nobody");
    Path cp = Files.createDirectories(tmp.resolve("cp"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(e);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = cp.resolve((n++) + (Files.isDirectory(from) ? "" : ".jar"));
      if (Files.isDirectory(from)) {
        try (var walk = Files.walk(from)) {
          for (Path f : walk.toList()) {
            Path dst = to.resolve(from.relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(dst);
            } else {
              Files.copy(f, dst);
            }
          }
        }
      } else {
        Files.copy(from, to);
      }
      entries.add(to.toString());
    }
    try (var walk = Files.walk(cp)) {
      for (Path f : walk.toList()) {
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
            Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    List<String> cmd = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-cp", String.join(File.pathSeparator, entries), "dev.leash.cli.Main", "triage", target);
    Process p = new ProcessBuilder(cmd).redirectOutput(new File("/dev/null")).start();
    String err;
    try (InputStream in = p.getErrorStream()) {
      err = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertOneLine(new Proc(p.exitValue(), err, 0), "permission denied");
    assertThat(err).doesNotContain("no such file");
  }

  @Test
  void durationsThatOverflowAreOneLineBeforeAnyAttach() {
    for (String bad : List.of("99999999999999999999s", "9999999999999h", "400d", "0s", "-5s", "5 s")) {
      TriageCliTest.Run r = TriageCliTest.run("watch", "999999999", "--interval", bad);
      TriageCliTest.assertOneLineError(r, "--interval");
      assertThat(r.err()).doesNotContain("process").doesNotContain("For input string").doesNotContain("overflow");
    }
    TriageCliTest.Run r = TriageCliTest.run("watch", "999999999", "--duration", "9999999999999h");
    TriageCliTest.assertOneLineError(r, "--duration");
  }

  @Test
  void fileNamesAndArgumentsInErrorsCannotForgeLines() {
    TriageCliTest.Run r = TriageCliTest.run("triage", tmp.resolve("a\u001b[2J\nScore: 100.0%\u202e.txt").toString());
    TriageCliTest.assertOneLineError(r, "no such file");
    assertThat(r.err()).doesNotContain("\u001b").doesNotContain("\u202e").contains("\\x1b[2J\\nScore");
    TriageCliTest.Run u = TriageCliTest.run("triage", "--format", "x\u009b31m");
    assertThat(u.err()).doesNotContain("\u009b");
  }

  @Test
  void aCaptureThatFailsHalfWayLeavesTheOldFilesAsTheyWere() throws Exception {
    Path json = Files.writeString(tmp.resolve("t.json"), "old json");
    Path text = Files.writeString(tmp.resolve("t.txt"), "old text");
    DumpPair.Dumper halfWay = new DumpPair.Dumper() {
      @Override
      public void json(long pid, Path file) throws IOException {
        Files.writeString(file, "new json");
      }

      @Override
      public void text(long pid, Path file) {
        throw new UserException("no process with pid " + pid);
      }
    };
    UserException e = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
        () -> DumpPair.write(42, json, text, halfWay));
    assertThat(e.getMessage()).contains("no process with pid 42").contains("nothing was written");
    assertThat(json).hasContent("old json");
    assertThat(text).hasContent("old text");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("t.json", "t.txt");
    }
  }

  @Test
  void aCaptureReplacesBothFilesOnlyWhenBothAreWritten() throws Exception {
    Path json = Files.writeString(tmp.resolve("t.json"), "old json");
    Path text = tmp.resolve("t.txt");
    DumpPair.Dumper ok = new DumpPair.Dumper() {
      @Override
      public void json(long pid, Path file) throws IOException {
        assertThat(json).hasContent("old json"); // not deleted before the dump
        Files.writeString(file, "new json");
      }

      @Override
      public void text(long pid, Path file) throws IOException {
        Files.writeString(file, "new text");
      }
    };
    assertThat(DumpPair.write(42, json, text, ok)).containsExactly(json, text);
    assertThat(json).hasContent("new json");
    assertThat(text).hasContent("new text");
    Files.createDirectory(tmp.resolve("d.txt"));
    UserException e = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
        () -> DumpPair.write(42, tmp.resolve("d.json"), tmp.resolve("d.txt"), ok));
    assertThat(e.getMessage()).contains("d.txt").contains("directory");
    assertThat(tmp.resolve("d.json")).doesNotExist();
  }

  private static void signal(String sig, long pid) throws Exception {
    Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start();
    assertThat(k.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(k.exitValue()).isZero();
  }
}
