package dev.leash.bench;

import dev.leash.prove.HeapProof;
import dev.leash.triage.ThreadSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A timed harness (a proof of a large heap takes seconds, so JMH's iterations would only repeat the same long run):
 * proves a heap dump and, beside it, reads the same file once sequentially, the floor any proof has to pay.
 *
 * <pre>
 * java -Xmx2g -cp leash-bench/target/benchmarks.jar dev.leash.bench.ProveBench HEAP.hprof THREADS.json [RUNS]
 * java -Xmx2g -cp leash-bench/target/benchmarks.jar dev.leash.bench.ProveBench --make MB DIR
 * </pre>
 * java -Xmx1g -cp leash-bench/target/benchmarks.jar dev.leash.bench.ProveBench --leak-check MB [RUNS]
 * </pre>
 * {@code --leak-check} fills this JVM with about MB megabytes of live objects, leaks one thread, and times a failing
 * {@code Leaks.verifyNone} with the heap proof off and on: the difference is what the proof adds to a failing test.
 * <pre>
 * {@code --make} starts a child JVM that fills about MB megabytes with small linked objects (the slow case: tens of
 * millions of objects) and 20 threads blocked on queues nobody can reach, and writes {@code DIR/heap.hprof} and
 * {@code DIR/threads.json}.
 */
public final class ProveBench {
  private ProveBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("--leak-check")) {
      leakCheck(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3);
      return;
    }
    if (args.length == 3 && args[0].equals("--make")) {
      make(Integer.parseInt(args[1]), Path.of(args[2]));
      return;
    }
    Path heap = Path.of(args[0]);
    ThreadSnapshot threads = ThreadSnapshot.read(Path.of(args[1]));
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    System.out.printf("file %s, %.0f MB%n", heap, Files.size(heap) / 1e6);
    for (int r = 1; r <= runs; r++) {
      long t0 = System.nanoTime();
      long bytes = readSequentially(heap);
      long read = System.nanoTime() - t0;
      long t1 = System.nanoTime();
      HeapProof.Result p = HeapProof.prove(heap, threads);
      long proof = System.nanoTime() - t1;
      System.out.printf("run %d: sequential read %.2f s (%,d bytes); proof %.2f s (indexing %.2f s), %,d objects,"
          + " %d proven leaked%n", r, read / 1e9, bytes, proof / 1e9, p.indexing().toNanos() / 1e9, p.objects(),
          p.proven());
    }
  }

  private static void leakCheck(int mb, int runs) throws Exception {
    List<Object> live = new java.util.ArrayList<>();
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; rt.totalMemory() - rt.freeMemory() < ((long) mb << 20); i++) {
      live.add(new Filler.Node(null, "n" + i, new int[4], java.util.Map.of("k", i)));
    }
    System.gc();
    System.out.printf("heap used: %.0f MB in %,d live nodes%n", (rt.totalMemory() - rt.freeMemory()) / 1e6, live.size());
    dev.leash.junit.LeakOptions base = dev.leash.junit.LeakOptions.defaults().ignoreCurrent()
        .linger(java.time.Duration.ofMillis(100));
    java.util.concurrent.BlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try {
        q.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-leak");
    t.setDaemon(true);
    t.start();
    for (int r = 1; r <= runs; r++) {
      for (dev.leash.junit.LeakOptions.Proof mode : List.of(dev.leash.junit.LeakOptions.Proof.OFF,
          dev.leash.junit.LeakOptions.Proof.ON_FAILURE)) {
        long t0 = System.nanoTime();
        try {
          dev.leash.junit.Leaks.verifyNone(base.proof(mode));
          throw new IllegalStateException("the check passed with a thread leaked");
        } catch (dev.leash.junit.LeakedThreadsError expected) {
          System.out.printf("run %d, proof %-10s: failing check took %.2f s%n", r, mode,
              (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    System.out.println(live.size() > 0 && q.isEmpty() ? "done" : "?");
    t.interrupt();
  }

  static long readSequentially(Path file) throws IOException {
    long total = 0;
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(buf)) >= 0) {
        total += n;
        buf.clear();
      }
    }
    return total;
  }

  /** Child-JVM program of {@code --make}. */
  public static final class Filler {
    private Filler() {}

    record Node(Node next, String name, int[] data, java.util.Map<String, Object> attrs) {}

    public static void main(String[] args) throws Exception {
      long target = Long.parseLong(args[0]) << 20;
      List<Object> keep = new java.util.ArrayList<>();
      Runtime rt = Runtime.getRuntime();
      Node head = null;
      for (int i = 0; rt.totalMemory() - rt.freeMemory() < target; i++) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("k" + (i % 100), i);
        head = new Node(i % 1000 == 0 ? null : head, "n" + i, new int[4], m);
        if (i % 1000 == 999) {
          keep.add(head);
        }
      }
      keep.add(head);
      for (int t = 0; t < 20; t++) {
        java.util.concurrent.BlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread th = new Thread(() -> {
          try {
            q.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "lost-" + t);
        th.setDaemon(true);
        th.start();
      }
      System.out.println("ready " + keep.size());
      System.out.flush();
      System.in.read(); // the harness closes stdin once it has the dumps
    }
  }

  private static void make(int mb, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx" + (mb * 3) + "m", "-cp",
        System.getProperty("java.class.path"), Filler.class.getName(), Integer.toString(mb))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
      if (line == null || !line.startsWith("ready")) {
        throw new IllegalStateException("filler did not start: " + line);
      }
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Files.deleteIfExists(dir.resolve("heap.hprof"));
      run(jcmd.toString(), Long.toString(p.pid()), "Thread.dump_to_file", "-overwrite", "-format=json",
          dir.resolve("threads.json").toString());
      run(jcmd.toString(), Long.toString(p.pid()), "GC.heap_dump", dir.resolve("heap.hprof").toString());
      System.out.printf("wrote %s (%.0f MB) and threads.json%n", dir.resolve("heap.hprof"),
          Files.size(dir.resolve("heap.hprof")) / 1e6);
    } finally {
      p.getOutputStream().close();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed");
    }
  }
}
