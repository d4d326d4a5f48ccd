package dev.leash.cli;

import dev.leash.prove.HeapFormatException;
import dev.leash.prove.HeapProof;
import dev.leash.triage.HeapEvidence;
import dev.leash.triage.ThreadSnapshot;
import dev.leash.triage.Triage;
import dev.leash.triage.TriageReport;
import dev.leash.triage.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leash prove PID|HPROF [THREADS]}: which waiting threads nobody can ever wake or stop, from the heap. */
@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    description = {
      "Prove leaks from the heap: a thread that waits with no timeout (or an idle pool or timer worker) is",
      "leaked when nothing that running code can reach (static fields, JNI globals, the stacks of threads that",
      "run or wake by themselves) leads to its way out: its Thread object, the queue, lock, latch or future it",
      "parks on, the monitor it waits on. Threads that may still be woken are reported with the shortest path",
      "from a root to their way out: the reference that keeps them alive.",
      "",
      "TARGET is the pid of a live JVM (21+, same user): Leash takes a thread dump and a heap dump (a full GC",
      "and a pause in that JVM, about a second per GB), proves, and deletes the heap dump. Or TARGET is an HPROF",
      "file (jcmd PID GC.heap_dump F, or leash capture PID --heap) with THREADS, a thread dump of the same moment.",
      "",
      "Exit code 0 when the report was written, 1 when --fail-on found its verdict, 2 on bad input."
    })
final class ProveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "A pid, or a heap dump file (.hprof).")
  String target;

  @Parameters(index = "1", arity = "0..1", paramLabel = "THREADS",
      description = "A thread dump taken with the heap dump (JSON or text).")
  String threads;

  @Mixin ReportOptions report = new ReportOptions();

  @Override
  public Integer call() throws Exception {
    TriageCommand.Format.parse(report.format, false);
    Verdict gate = report.failOnVerdict();
    var options = report.triageOptions();
    PrintWriter err = spec.commandLine().getErr();
    ThreadSnapshot snapshot;
    HeapEvidence evidence;
    if (threads == null && Snapshots.isPid(target)) {
      long pid = Long.parseLong(target);
      snapshot = Snapshots.capture(pid);
      Path dir = Files.createTempDirectory("leash-prove");
      Path hprof = dir.resolve("heap.hprof");
      try {
        Jcmd.dumpHeap(pid, hprof);
        evidence = prove(hprof, snapshot, err).withSource("a heap dump of pid " + pid + " (deleted)");
      } finally {
        Files.deleteIfExists(hprof);
        Files.deleteIfExists(dir);
      }
    } else {
      Path hprof = Path.of(target);
      if (!Files.exists(hprof)) {
        throw new UserException(Snapshots.isPid(target) ? "no process with pid " + target : "no such file: " + hprof);
      }
      if (threads == null) {
        throw new UserException(hprof + " needs a thread dump of the same moment: leash prove " + hprof
            + " THREADS.json (leash capture PID --heap writes both)");
      }
      snapshot = Snapshots.load(threads, err);
      evidence = prove(hprof, snapshot, err);
    }
    TriageReport r = Triage.analyze(snapshot, null, options, evidence);
    return report.write(r, spec.commandLine(), gate);
  }

  /** Proves {@code snapshot}'s threads in {@code hprof}; a summary line goes to {@code err}. */
  static HeapEvidence prove(Path hprof, ThreadSnapshot snapshot, PrintWriter err) {
    try {
      HeapProof.Result r = HeapProof.prove(hprof, snapshot);
      err.printf("leash: heap proof: %,d objects, %,d threads found, %,d waiting, %,d proven leaked"
          + " (%.1f s, of which %.1f s reading the file)%n", r.objects(), r.threadsInHeap(), r.waiting(), r.proven(),
          r.took().toMillis() / 1000.0, r.indexing().toMillis() / 1000.0);
      err.flush();
      return r.evidence();
    } catch (HeapFormatException e) {
      throw new UserException(e.getMessage());
    }
  }
}
