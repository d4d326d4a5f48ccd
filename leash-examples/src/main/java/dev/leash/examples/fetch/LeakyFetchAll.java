package dev.leash.examples.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Seed 004 tasks 3.1 and 3.2, leaky: fetches on a thread pool made for the call, results collected with
 * {@code Future.get()} in order. The first failure is seen only when its turn comes, the other fetches run on, and
 * the pool is never shut down: its threads wait for work for ever. Pattern {@code idle-executor}.
 */
public final class LeakyFetchAll {
  /** Every pool this class created; only the tests and the runner use it, to clean up after the leak. */
  static final List<ExecutorService> CREATED = new CopyOnWriteArrayList<>();

  private LeakyFetchAll() {}

  /**
   * The bodies of {@code urls}, fetched on at most {@code parallelism} threads.
   *
   * @throws ExecutionException with the failure of the first URL (in list order) that failed
   * @throws InterruptedException if interrupted
   */
  public static List<String> fetchAll(FakeWeb web, List<String> urls, int parallelism)
      throws ExecutionException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    CREATED.add(pool);
    List<Future<String>> futures = new ArrayList<>();
    for (String u : urls) {
      futures.add(pool.submit(() -> web.fetch(u)));
    }
    List<String> bodies = new ArrayList<>();
    for (Future<String> f : futures) {
      bodies.add(f.get());
    }
    return bodies;
  }

  /** Shuts down every pool this class created and waits for it (test clean-up). */
  static void stopAll() throws InterruptedException {
    for (ExecutorService p : CREATED) {
      p.shutdownNow();
      if (!p.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("fetch pool did not stop");
      }
    }
    CREATED.clear();
  }
}
