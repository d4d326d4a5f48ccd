package dev.leash.audit;

/** What a spawn site creates. The {@link #id()} strings are part of the JSON contract. */
public enum SpawnKind {
  /** A platform thread: {@code new Thread(}, a {@code Thread} subclass, {@code Thread.ofPlatform()...start(}. */
  THREAD("thread"),
  /** A virtual thread: {@code Thread.ofVirtual()...start(}, {@code Thread.startVirtualThread(}. */
  VIRTUAL_THREAD("virtual-thread"),
  /** An executor: {@code Executors.newFixedThreadPool(}, {@code new ThreadPoolExecutor(} and friends. */
  EXECUTOR("executor"),
  /** A scheduled executor: {@code Executors.newScheduledThreadPool(}, {@code new ScheduledThreadPoolExecutor(}. */
  SCHEDULER("scheduler"),
  /** A {@code java.util.Timer}. */
  TIMER("timer"),
  /** A {@code ForkJoinPool} (including {@code Executors.newWorkStealingPool(}). */
  FORK_JOIN("fork-join"),
  /** {@code CompletableFuture.supplyAsync(} / {@code runAsync(} on the common pool (no executor given). */
  ASYNC("async"),
  /** Leash's own owners: TaskGroup, Loop, WorkerPool, Supervisor, ServiceGroup. */
  LEASH("leash");

  private final String id;

  SpawnKind(String id) {
    this.id = id;
  }

  /** The contract name of this kind, e.g. {@code virtual-thread}. */
  public String id() {
    return id;
  }
}
