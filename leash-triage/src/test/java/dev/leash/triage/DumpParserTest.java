package dev.leash.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpParserTest {
  static ThreadSnapshot resource(String name) throws IOException {
    try (InputStream in = DumpParserTest.class.getResourceAsStream("/dumps/" + name)) {
      return ThreadSnapshot.parse(in, name);
    }
  }

  static byte[] bytes(String name) throws IOException {
    try (InputStream in = DumpParserTest.class.getResourceAsStream("/dumps/" + name)) {
      return in.readAllBytes();
    }
  }

  static ThreadSnapshot parse(String text) throws IOException {
    return ThreadSnapshot.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
  }

  static SnapshotThread named(ThreadSnapshot s, String name) {
    return s.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void jdk25JsonDumpHasEveryThreadWithStateLocksAndVirtualFlag() throws IOException {
    ThreadSnapshot s = resource("jdk25-leaky.json");
    assertThat(s.threads()).hasSize(44);
    assertThat(s.pid()).isEqualTo(14150);
    assertThat(s.truncated()).isFalse();
    SnapshotThread v = named(s, "vcons-0");
    assertThat(v.virtual()).isTrue();
    assertThat(v.state()).isEqualTo(Thread.State.WAITING);
    assertThat(v.stack().get(0)).isEqualTo("java.lang.VirtualThread.park(VirtualThread.java:742)");
    assertThat(v.locks().parkBlocker()).startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@");
    SnapshotThread dl = named(s, "dl-a");
    assertThat(dl.state()).isEqualTo(Thread.State.BLOCKED);
    assertThat(dl.locks().blockedOn()).isEqualTo("java.lang.Object@6c67c016");
    assertThat(dl.locks().ownedMonitors()).containsExactly("java.lang.Object@5c8f7382");
    assertThat(named(s, "<script>alert(1)</script>").virtual()).isTrue();
    // threads in nested executor containers are read too
    assertThat(named(s, "pool-1-thread-1").stack()).anyMatch(f -> f.contains("ThreadPoolExecutor.getTask"));
  }

  @Test
  void identicalStacksAreSharedNotCopied() throws IOException {
    ThreadSnapshot s = resource("jdk25-leaky.json");
    assertThat(named(s, "vcons-0").stack()).isSameAs(named(s, "vcons-1").stack());
  }

  @Test
  void jdk21ShapeWithoutStatesInfersThemFromFrames() throws IOException {
    ThreadSnapshot s = resource("jdk21-shape-leaky.json");
    assertThat(s.threads()).hasSize(44);
    assertThat(named(s, "main").state()).isEqualTo(Thread.State.TIMED_WAITING);
    assertThat(named(s, "pcons-0").state()).isEqualTo(Thread.State.WAITING);
    assertThat(named(s, "spinner").state()).isEqualTo(Thread.State.RUNNABLE);
    assertThat(named(s, "pcons-0").locks()).isEqualTo(ThreadLocks.NONE);
  }

  @Test
  void newerJsonShapesNumbersNestedContainersOwnersAndUnknownFields() throws IOException {
    ThreadSnapshot s = parse("""
        {"threadDump": {"formatVersion": 2, "processId": 77, "extra": {"a": [1, {"b": null}]},
          "threadContainers": [
            {"container": "<root>", "parent": null, "owner": null, "threads": [
              {"tid": 5, "name": "a", "state": "WAITING", "virtual": false, "future": [1, 2],
               "parkBlocker": {"object": "java.util.concurrent.locks.ReentrantLock$NonfairSync@1", "owner": 6,
                               "more": {"x": 1}},
               "stack": ["app//com.acme.A.run(A.java:3)"], "monitorsOwned": []}],
             "threadContainers": [
               {"container": "child", "parent": "<root>", "owner": "5", "threads": [
                 {"tid": "6", "name": "b", "state": "WAITING", "carrier": 9, "virtual": true,
                  "parkBlocker": {"object": "java.util.concurrent.locks.ReentrantLock$NonfairSync@2", "owner": "5"},
                  "stack": ["com.acme.B.run(B.java:4)"]}], "threadCount": 1}]}
          ]}}
        """);
    assertThat(s.pid()).isEqualTo(77);
    assertThat(s.threads()).extracting(SnapshotThread::id).containsExactly(5L, 6L);
    assertThat(s.thread(5).locks().parkBlockerOwner()).isEqualTo(6);
    assertThat(s.thread(6).carrierId()).isEqualTo(9);
    assertThat(s.thread(5).stack()).containsExactly("com.acme.A.run(A.java:3)");
    assertThat(Triage.analyze(s).groups()).allMatch(g -> g.pattern() == LeakPattern.DEADLOCK);
  }

  @Test
  void truncatedJsonAtEveryCutKeepsTheCompleteThreadsAndSaysSo() throws IOException {
    byte[] all = bytes("jdk25-leaky.json");
    int lastCount = 0;
    for (int cut = 200; cut < all.length; cut += 397) {
      ThreadSnapshot s;
      try {
        s = ThreadSnapshot.parse(new ByteArrayInputStream(all, 0, cut), "cut");
      } catch (DumpFormatException e) {
        assertThat(lastCount).as("only before the first thread at %d", cut).isZero();
        assertThat(e.getMessage()).contains("truncated");
        continue;
      }
      assertThat(s.truncated()).as("cut at %d", cut).isTrue();
      assertThat(s.threads().size()).isGreaterThanOrEqualTo(lastCount).isLessThan(44);
      for (SnapshotThread t : s.threads()) {
        assertThat(t.name()).isNotNull();
      }
      lastCount = s.threads().size();
    }
    assertThat(lastCount).isGreaterThan(35);
  }

  @Test
  void jstackWithLocksReadsOwnableSynchronizersAndTheDeadlockSection() throws IOException {
    ThreadSnapshot s = resource("jdk25-leaky-l.txt");
    assertThat(s.pid()).isEqualTo(14150);
    assertThat(s.threads()).hasSize(36); // Java threads only: GC and VM threads have no thread id
    SnapshotThread a = named(s, "jdl-a");
    assertThat(a.state()).isEqualTo(Thread.State.WAITING);
    assertThat(a.daemon()).isFalse();
    assertThat(a.locks().parkBlocker())
        .isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync@0x000000069ef06f60");
    assertThat(a.locks().ownedSynchronizers())
        .containsExactly("java.util.concurrent.locks.ReentrantLock$NonfairSync@0x000000069ef06f30");
    assertThat(a.stack()).contains("Leaky.lambda$main$8(Leaky.java:23)", "java.lang.Thread.run(Thread.java:1474)");
    assertThat(named(s, "Finalizer").daemon()).isTrue();
    assertThat(s.reportedDeadlocks()).containsExactlyInAnyOrder("dl-a", "dl-b", "jdl-a", "jdl-b");
    // stacks in the deadlock section are not read as extra threads
    assertThat(s.threads().stream().filter(t -> t.name().equals("dl-a"))).hasSize(1);
  }

  @Test
  void jcmdTextWithoutLocksAndPlainDumpToFileFormat() throws IOException {
    ThreadSnapshot print = resource("jdk25-leaky.txt");
    assertThat(print.threads()).hasSize(36);
    assertThat(named(print, "jdl-a").locks().ownedSynchronizers()).isEmpty();
    ThreadSnapshot plain = resource("jdk25-leaky-plain.txt");
    assertThat(plain.threads()).hasSize(44);
    assertThat(plain.pid()).isEqualTo(14150);
    SnapshotThread v = named(plain, "vblocked");
    assertThat(v.virtual()).isTrue();
    assertThat(v.state()).isEqualTo(Thread.State.BLOCKED);
    assertThat(v.locks().blockedOn()).isEqualTo("java.lang.Object@54b836b6");
    assertThat(named(plain, "Finalizer").locks().waitingOn()).isEqualTo("java.lang.ref.ReferenceQueue$Lock@693481de");
  }

  @Test
  void mountedVirtualThreadOfACarrierBecomesItsOwnThread() throws IOException {
    ThreadSnapshot s = resource("jdk25-vspin-jstack.txt");
    SnapshotThread v = s.thread(22);
    assertThat(v.virtual()).isTrue();
    assertThat(v.state()).isEqualTo(Thread.State.RUNNABLE);
    assertThat(v.carrierId()).isEqualTo(23);
    assertThat(v.stack().get(0)).startsWith("VSpin.lambda$main$0(VSpin.java:2)");
    assertThat(s.thread(23).stack()).anyMatch(f -> f.startsWith("jdk.internal.vm.Continuation.run"));
  }

  @Test
  void framesAreNormalizedAcrossFormats() {
    assertThat(Frames.normalize("java.base/java.lang.Thread.sleep(Thread.java:540)"))
        .isEqualTo("java.lang.Thread.sleep(Thread.java:540)");
    assertThat(Frames.normalize("java.lang.Thread.sleep(java.base@25.0.3/Thread.java:540)"))
        .isEqualTo("java.lang.Thread.sleep(Thread.java:540)");
    assertThat(Frames.normalize("app//com.acme.A.run(A.java:1)")).isEqualTo("com.acme.A.run(A.java:1)");
    assertThat(Frames.normalize("Leaky$$Lambda/0x000000000e042000.run(Unknown Source)"))
        .isEqualTo("Leaky$$Lambda/0x000000000e042000.run(Unknown Source)");
    assertThat(Frames.normalize("java.base/java.lang.VirtualThread$$Lambda/0x00000000a.run(Unknown Source)"))
        .isEqualTo("java.lang.VirtualThread$$Lambda/0x00000000a.run(Unknown Source)");
  }

  @Test
  void similarFoldingIgnoresLinesLambdasHiddenClassesAndProxies() {
    assertThat(Frames.fold("com.acme.A.run(A.java:41)")).isEqualTo(Frames.fold("com.acme.A.run(A.java:42)"));
    assertThat(Frames.fold("com.acme.A.lambda$main$3(A.java:1)")).isEqualTo(Frames.fold("com.acme.A.lambda$main$7(A.java:9)"));
    assertThat(Frames.fold("jdk.proxy2.$Proxy12.call(Unknown Source)"))
        .isEqualTo(Frames.fold("jdk.proxy3.$Proxy40.call(Unknown Source)"));
    assertThat(Frames.fold("com.acme.Svc$$EnhancerBySpringCGLIB$$1a2b3c.go(<generated>)"))
        .isEqualTo(Frames.fold("com.acme.Svc$$EnhancerBySpringCGLIB$$ffee01.go(<generated>)"));
    assertThat(Frames.fold("com.acme.A.run(A.java:41)")).isNotEqualTo(Frames.fold("com.acme.B.run(A.java:41)"));
    assertThat(Frames.foldStack(List.of("a.B$$Lambda/0x1.run(Unknown Source)", "java.lang.Thread.runWith(Thread.java:1)",
        "x.Y.z(Y.java:3)"))).containsExactly("x.Y.z(Y.java)");
  }

  @Test
  void badInputsAreOneLineFormatErrors(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("empty.txt"), "  \n");
    Files.write(dir.resolve("doc.pdf"), "%PDF-1.7\n%...".getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("notes.txt"), "hello\nthis is not a dump\n");
    Files.writeString(dir.resolve("other.json"), "{\"a\": 1}");
    Files.writeString(dir.resolve("broken.json"), "{\"threadDump\" 1}");
    Files.write(dir.resolve("bin"), new byte[] {1, 2, 0, 4});
    assertThatThrownBy(() -> ThreadSnapshot.read(dir.resolve("empty.txt"))).isInstanceOf(DumpFormatException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> ThreadSnapshot.read(dir.resolve("doc.pdf"))).hasMessageContaining("is a PDF");
    assertThatThrownBy(() -> ThreadSnapshot.read(dir.resolve("notes.txt"))).hasMessageContaining("not a thread dump");
    assertThatThrownBy(() -> ThreadSnapshot.read(dir.resolve("other.json"))).hasMessageContaining("not a JDK thread dump");
    assertThatThrownBy(() -> ThreadSnapshot.read(dir.resolve("broken.json"))).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ThreadSnapshot.read(dir.resolve("bin"))).hasMessageContaining("binary");
    assertThatThrownBy(() -> ThreadSnapshot.read(dir)).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> ThreadSnapshot.read(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    for (String f : List.of("empty.txt", "doc.pdf", "notes.txt", "other.json", "broken.json", "bin")) {
      try {
        ThreadSnapshot.read(dir.resolve(f));
      } catch (DumpFormatException e) {
        assertThat(e.getMessage()).doesNotContain("\n");
      }
    }
  }
}
