package dev.leash.examples;

import dev.leash.examples.busywait.BusyWaitExample;
import dev.leash.examples.cancel.CancelExample;
import dev.leash.examples.consumer.ConsumerExample;
import dev.leash.examples.drain.DrainExample;
import dev.leash.examples.fetch.FetchExamples;
import dev.leash.examples.firstresult.FirstResultExample;
import dev.leash.examples.heartbeat.HeartbeatExample;
import dev.leash.examples.http.GracefulHttp;
import dev.leash.examples.latency.LatencyExamples;
import dev.leash.examples.lockedsend.LockedSendExample;
import dev.leash.examples.oneshot.OneShotExample;
import dev.leash.examples.looprunner.LoopRunnerExample;
import dev.leash.examples.looprunner.MultiLoopRunnerExample;
import dev.leash.examples.pool.PoolExample;
import dev.leash.examples.pool.SheddingExample;
import dev.leash.examples.retry.RetryExample;
import dev.leash.examples.service.ServiceExample;
import dev.leash.examples.spawn.SpawnExample;
import dev.leash.examples.supervisor.SupervisorExample;
import dev.leash.examples.ticker.TickerExample;
import java.util.List;
import java.util.Optional;

/**
 * The registry of examples: seed 004's tasks in order (task {@code "1.1"} ...), then seed 002's leak and shutdown
 * exercises (task {@code "E3"} = exercise 3 ...); {@code ./leash example} lists and runs them.
 */
public final class Examples {
  private static final List<Example> ALL = List.of(
      new Example("first-result", "1.1",
          "first of N results: senders abandoned in SynchronousQueue.put vs TaskGroup + Channel", FirstResultExample::run),
      new Example("stoppable-consumer", "1.2",
          "a take() loop nobody can stop vs a consumer with a context you close", ConsumerExample::run),
      new Example("no-busy-wait", "1.3",
          "poll() in a spin loop burning a core vs blocking in Channel.receive(ctx)", BusyWaitExample::run),
      new Example("lock-then-send", "1.4",
          "a hand-off under a lock that deadlocks a slow consumer vs lock, unlock, then send", LockedSendExample::run),
      new Example("heartbeat", "1.5",
          "scheduleAtFixedRate never shut down vs an owned Loop.fixedRate", HeartbeatExample::run),
      new Example("loop-runner", "2",
          "a close() that sets a flag and leaves vs a close() that cancels and waits", LoopRunnerExample::run),
      new Example("loop-runner-n", "2.1",
          "N loops on an executor never shut down vs Loop.workers(ctx, N, fn)", MultiLoopRunnerExample::run),
      new Example("fetch-all", "3.1",
          "Future.get() in order on a forgotten pool vs a TaskGroup whose first failure cancels the rest",
          FetchExamples::runFetchAll),
      new Example("fetch-bounded", "3.2",
          "a fixed pool of 8 never shut down vs TaskGroup.limit(8), half the URLs failing",
          FetchExamples::runFetchBounded),
      new Example("graceful-http", "5",
          "JDK HttpServer stop(0) cuts requests (--leaky) vs Jetty in a ServiceGroup draining on SIGTERM",
          GracefulHttp::run),
      new Example("pool", "6",
          "a hand-rolled pool whose workers wait in take() after close vs WorkerPool closed mid-flight",
          PoolExample::run),
      new Example("load-shedding", "6.1",
          "RejectedExecutionException on a forgotten executor vs WorkerPool.trySubmit(job, 100 ms)",
          SheddingExample::run),
      new Example("mini-service", "7",
          "the seed's service with two unowned threads vs Channel + TaskGroup + Loop and one close()",
          ServiceExample::run),
      new Example("latency-budget", "8",
          "a sleeping poller that swallows interrupts vs one that parks on its context (100 ms budget)",
          LatencyExamples::runBudget),
      new Example("cpu-cancel", "8.1",
          "future.cancel(true) on a CPU loop that ignores it vs a loop checking ctx.isDone()",
          LatencyExamples::runCpu),
      new Example("restart-supervisor", "9",
          "a restart loop on a raw thread sleeping through its backoff vs a Supervisor whose close() cuts it short",
          SupervisorExample::run),
      new Example("spawn-per-item", "E3",
          "a thread per job, nobody waiting vs a WorkerPool of 16 with a bounded queue, closed", SpawnExample::run),
      new Example("one-shot-result", "E10",
          "a worker blocked for ever in SynchronousQueue.put when the caller skips vs TaskGroup.fork",
          OneShotExample::run),
      new Example("ticker-stop", "E12",
          "a scheduleAtFixedRate ticker per call, never shut down vs Loop.fixedRate on a context the call cancels",
          TickerExample::run),
      new Example("cancel-promptly", "E13",
          "a timeout context never cancelled holds downstream resources vs try-with-resources cancel",
          CancelExample::run),
      new Example("bounded-retry", "E14",
          "a retry that spawns more retries on each failure vs Retry per item in a TaskGroup with limit(4)",
          RetryExample::run),
      new Example("drain-on-shutdown", "E15",
          "shutdownNow() drops the queued items vs closing the Channel and draining it with for-each",
          DrainExample::run));

  private Examples() {}

  /** Every example: seed 004 tasks in order, then seed 002 exercises in order. */
  public static List<Example> all() {
    return ALL;
  }

  /**
   * The example called {@code name}.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public static Optional<Example> find(String name) {
    java.util.Objects.requireNonNull(name, "name");
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
