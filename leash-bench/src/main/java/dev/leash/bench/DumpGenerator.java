package dev.leash.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes synthetic thread dumps in the exact shapes of JDK 25 ({@code jcmd Thread.dump_to_file -format=json} and
 * {@code jcmd Thread.print -l}), with a few dozen distinct application stacks under realistic JDK frames.
 */
final class DumpGenerator {
  private DumpGenerator() {}

  private static final String[] TAKE = {
    "java.base/java.lang.VirtualThread.park(VirtualThread.java:742)",
    "java.base/java.lang.System$1.parkVirtualThread(System.java:2285)",
    "java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:367)",
    "java.base/java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode.block(AbstractQueuedSynchronizer.java:520)",
    "java.base/java.util.concurrent.ForkJoinPool.unmanagedBlock(ForkJoinPool.java:4364)",
    "java.base/java.util.concurrent.ForkJoinPool.managedBlock(ForkJoinPool.java:4310)",
    "java.base/java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await(AbstractQueuedSynchronizer.java:1752)",
    "java.base/java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)"
  };
  private static final String[] GET = {
    "java.base/java.lang.VirtualThread.park(VirtualThread.java:742)",
    "java.base/java.lang.System$1.parkVirtualThread(System.java:2285)",
    "java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:221)",
    "java.base/java.util.concurrent.CompletableFuture$Signaller.block(CompletableFuture.java:1885)",
    "java.base/java.util.concurrent.ForkJoinPool.unmanagedBlock(ForkJoinPool.java:4364)",
    "java.base/java.util.concurrent.ForkJoinPool.managedBlock(ForkJoinPool.java:4310)",
    "java.base/java.util.concurrent.CompletableFuture.waitingGet(CompletableFuture.java:1919)",
    "java.base/java.util.concurrent.CompletableFuture.get(CompletableFuture.java:2093)"
  };

  /** The stack of thread {@code i}: one of 3 x 12 shapes, with app frames below the JDK ones. */
  static List<String> stack(int i) {
    List<String> s = new ArrayList<>();
    String[] jdk = i % 3 == 0 ? GET : TAKE;
    for (String f : jdk) {
      s.add(f);
    }
    int shape = i % 12;
    s.add("com.acme.feed.Consumer" + shape + ".poll(Consumer" + shape + ".java:" + (40 + shape) + ")");
    s.add("com.acme.feed.Pipeline.stage(Pipeline.java:" + (100 + i % 3) + ")");
    s.add("com.acme.feed.Pipeline.lambda$start$" + (i % 2) + "(Pipeline.java:77)");
    s.add("java.base/java.util.concurrent.FutureTask.run(FutureTask.java:328)");
    s.add("java.base/java.util.concurrent.ThreadPerTaskExecutor$ThreadBoundFuture.run(ThreadPerTaskExecutor.java:323)");
    s.add("java.base/java.lang.VirtualThread.run(VirtualThread.java:460)");
    return s;
  }

  /** A JSON dump of {@code n} virtual threads (plus a root container with main). */
  static void writeJson(Path file, int n) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\n  \"threadDump\": {\n    \"processId\": \"4242\",\n    \"time\": \"2026-11-23T08:37:59.826787945Z\",\n");
      w.write("    \"runtimeVersion\": \"25.0.3+9-LTS\",\n    \"threadContainers\": [\n");
      w.write("      {\n        \"container\": \"<root>\",\n        \"parent\": null,\n        \"owner\": null,\n");
      w.write("        \"threads\": [\n          {\n            \"tid\": \"3\",\n            \"name\": \"main\",\n");
      w.write("            \"state\": \"WAITING\",\n            \"stack\": [\n");
      w.write("              \"java.base\\/java.lang.Thread.join(Thread.java:2070)\",\n");
      w.write("              \"com.acme.Main.main(Main.java:9)\"\n            ]\n          }\n        ],\n");
      w.write("        \"threadCount\": \"1\"\n      },\n");
      w.write("      {\n        \"container\": \"java.util.concurrent.ThreadPerTaskExecutor@150cbdea\",\n");
      w.write("        \"parent\": \"<root>\",\n        \"owner\": null,\n        \"threads\": [\n");
      for (int i = 0; i < n; i++) {
        w.write("          {\n            \"tid\": \"" + (100 + i) + "\",\n");
        w.write("            \"time\": \"2026-11-23T08:37:59.861542765Z\",\n");
        w.write("            \"virtual\": true,\n            \"name\": \"feed-worker-" + i + "\",\n");
        w.write("            \"state\": \"WAITING\",\n            \"parkBlocker\": {\n");
        w.write("              \"object\": \"java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@"
            + Integer.toHexString(0x68eb066e + i % 12) + "\"\n            },\n            \"stack\": [\n");
        List<String> s = stack(i);
        for (int k = 0; k < s.size(); k++) {
          w.write("              \"" + s.get(k).replace("/", "\\/") + "\"" + (k + 1 < s.size() ? ",\n" : "\n"));
        }
        w.write("            ]\n          }" + (i + 1 < n ? ",\n" : "\n"));
      }
      w.write("        ],\n        \"threadCount\": \"" + n + "\"\n      }\n    ]\n  }\n}\n");
    }
  }

  /** A {@code jcmd Thread.print -l} text dump of {@code n} platform threads. */
  static void writeText(Path file, int n) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("4242:\n2026-11-23 08:38:00\nFull thread dump OpenJDK 64-Bit Server VM (25.0.3+9-LTS mixed mode, sharing):\n\n");
      for (int i = 0; i < n; i++) {
        w.write("\"feed-worker-" + i + "\" #" + (100 + i) + " [" + (20000 + i) + "] prio=5 os_prio=0 cpu=0.47ms"
            + " elapsed=6.06s tid=0x00007f87c40f2b50 nid=" + (20000 + i) + " waiting on condition  [0x00007f87a45a8000]\n");
        w.write("   java.lang.Thread.State: WAITING (parking)\n");
        w.write("\tat jdk.internal.misc.Unsafe.park(java.base@25.0.3/Native Method)\n");
        w.write("\t- parking to wait for  <0x000000069ec1c0c0> (a java.util.concurrent.locks."
            + "AbstractQueuedSynchronizer$ConditionObject)\n");
        List<String> s = stack(i);
        for (int k = 3; k < s.size(); k++) {
          String f = s.get(k);
          if (f.startsWith("java.base/")) {
            int paren = f.indexOf('(');
            f = f.substring("java.base/".length(), paren + 1) + "java.base@25.0.3/" + f.substring(paren + 1);
          }
          w.write("\tat " + f + "\n");
        }
        w.write("\n   Locked ownable synchronizers:\n\t- None\n\n");
      }
      w.write("JNI global refs: 12, weak refs: 0\n");
    }
  }
}
