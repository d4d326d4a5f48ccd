package dev.leash.examples.spawn;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Seed 002 exercise 3, leaky: a thread per item ({@code for (j : jobs) go process(j)}). 10,000 jobs start 10,000
 * threads at once, and the call returns before any has finished: nobody owns them or waits for them. While they
 * run, the leak check reports them by what they block in (a job waiting for its downstream in
 * {@code CountDownLatch.await}: {@code orphaned-consumer}, one per job).
 */
public final class LeakySpawner {
  /** Every thread this class started; only the tests and the runner use it, to clean up after the leak. */
  static final List<Thread> STARTED = new CopyOnWriteArrayList<>();

  private LeakySpawner() {}

  /** Starts one thread per job, each calling {@code process}; returns at once. */
  public static <J> void processAll(List<J> jobs, Consumer<J> process) {
    for (J job : jobs) {
      Thread t = new Thread(() -> process.accept(job));
      STARTED.add(t);
      t.start();
    }
  }

  /** How many threads this class started are still alive. */
  static long alive() {
    return STARTED.stream().filter(Thread::isAlive).count();
  }

  /**
   * Waits for every thread this class started (test and runner clean-up, once their jobs can finish).
   *
   * @throws InterruptedException if interrupted
   */
  static void joinAll() throws InterruptedException {
    for (Thread t : STARTED) {
      t.join();
    }
    STARTED.clear();
  }
}
