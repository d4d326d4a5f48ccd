package dev.leash.examples;

import dev.leash.examples.busywait.BusyWaitExample;
import dev.leash.examples.consumer.ConsumerExample;
import dev.leash.examples.fetch.FetchExamples;
import dev.leash.examples.firstresult.FirstResultExample;
import dev.leash.examples.heartbeat.HeartbeatExample;
import dev.leash.examples.latency.LatencyExamples;
import dev.leash.examples.lockedsend.LockedSendExample;
import dev.leash.examples.looprunner.LoopRunnerExample;
import dev.leash.examples.looprunner.MultiLoopRunnerExample;
import dev.leash.examples.pool.PoolExample;
import dev.leash.examples.pool.SheddingExample;
import dev.leash.examples.service.ServiceExample;
import dev.leash.examples.supervisor.SupervisorExample;
import java.util.List;
import java.util.Optional;

/** The registry of examples, in seed order; {@code ./leash example} lists and runs them. */
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
          SupervisorExample::run));

  private Examples() {}

  /** Every example, in seed task order. */
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
