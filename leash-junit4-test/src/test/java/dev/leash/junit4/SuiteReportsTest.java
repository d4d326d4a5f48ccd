package dev.leash.junit4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the surefire XML of the JUnit 4 suite (com.example.pool), which this module's earlier surefire executions ran
 * through the Vintage engine with leash-junit's listener: in one shared JVM, in a JVM per class, and on Java 17.
 */
class SuiteReportsTest {
  private static final Path TARGET = Path.of(System.getProperty("leash.reports", "target"));

  /** A testcase of a report: class, name, and the failure message or null. */
  record Case(String className, String name, String failure) {}

  static List<Case> cases(String run) throws Exception {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(TARGET.resolve(run))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("TEST-")).sorted().toList()) {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
        NodeList tcs = d.getElementsByTagName("testcase");
        for (int i = 0; i < tcs.getLength(); i++) {
          Element tc = (Element) tcs.item(i);
          NodeList fails = tc.getElementsByTagName("failure");
          String failure = fails.getLength() == 0 ? null : ((Element) fails.item(0)).getAttribute("message");
          out.add(new Case(tc.getAttribute("classname"), tc.getAttribute("name"), failure));
        }
      }
    }
    return out;
  }

  static String output(String run) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(TARGET.resolve(run))) {
      for (Path f : files.filter(p -> p.toString().endsWith("-output.txt")).toList()) {
        sb.append(Files.readString(f));
      }
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"suite-shared-jvm", "suite-fork-per-class"})
  void theLeakingTestsAreBlamedByNameInTheirOwnClassesXml(String run) throws Exception {
    List<Case> failed = cases(run).stream().filter(c -> c.failure() != null).toList();
    assertThat(failed).extracting(Case::name)
        .containsExactlyInAnyOrder("forgetsToClose", "forgetsToShutDownAnExecutor");
    assertThat(failed).allSatisfy(c -> assertThat(c.className()).isEqualTo("com.example.pool.PoolTest"));

    String pool = failed.stream().filter(c -> c.name().equals("forgetsToClose")).findFirst().orElseThrow().failure();
    assertThat(pool)
        .startsWith("1 thread leaked by PoolTest.forgetsToClose()")
        .contains("orphaned-consumer, WAITING: forgotten-worker")
        // the library's own code is application code in its own tests
        .contains("at     com.example.pool.Pool.work(Pool.java:")
        .contains("started by com.example.pool.Pool.<init>(line ")
        .contains("close the Pool whose constructor started it");

    String executor = failed.stream().filter(c -> c.name().equals("forgetsToShutDownAnExecutor")).findFirst()
        .orElseThrow().failure();
    assertThat(executor)
        .contains("idle-executor")
        .containsPattern("shut down the executor that owns pool-\\d+")
        .contains("started by com.example.pool.PoolTest.forgetsToShutDownAnExecutor(line ");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"suite-shared-jvm", "suite-fork-per-class"})
  void theSharedFixtureIsNeverBlamedAndTheCleanTestsPass(String run) throws Exception {
    List<Case> all = cases(run);
    assertThat(all).filteredOn(c -> c.failure() != null)
        .noneMatch(c -> c.className().endsWith("SharedClockTest") || c.failure().contains("shared-clock"));
    assertThat(all).filteredOn(c -> c.className().endsWith("SharedClockTest")).hasSize(2);
    assertThat(all).filteredOn(c -> c.name().equals("closesItsWorker") || c.name().equals("schedulesOnceAndShutsDown"))
        .hasSize(2).allMatch(c -> c.failure() == null);
    assertThat(output(run)).contains("shared-clock, started by com.example.pool.SharedClock.<clinit>")
        .contains("no test is blamed");
  }

  @Test
  void onJava17TheSuiteRunsCleanWithOneNotice() throws Exception {
    assumeTrue(Boolean.getBoolean("leash.jdk17"), "no JDK 17 at /usr/lib/jvm/java-17-openjdk-amd64 (profile jdk17)");
    List<Case> all = cases("suite-java17");
    assertThat(all).hasSize(6).allMatch(c -> c.failure() == null);
    String out = output("suite-java17");
    assertThat(out.split("leash: the thread leak check needs Java 21 or newer; this JVM is Java 17", -1)).hasSize(2);
    assertThat(out).doesNotContain("leaked by").doesNotContain("Exception");
  }
}
