package dev.leash.examples.fetch;

import dev.leash.Context;
import dev.leash.TaskFailedException;
import dev.leash.examples.Demo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** Runs tasks 3.1 (fail fast) and 3.2 (bounded parallelism). */
public final class FetchExamples {
  private FetchExamples() {}

  /**
   * Task 3.1: five URLs of which the fourth fails. Argument: latency in milliseconds (default 500).
   *
   * @throws Exception if interrupted
   */
  public static void runFetchAll(PrintWriter out, String... args) throws Exception {
    Duration latency = Duration.ofMillis(Demo.intArg(args, 0, "latency milliseconds", 500));
    List<String> urls = List.of("a", "b", "c", "fail-d", "e");
    Demo.heading(out, "leaky: a new fixed pool per call, Future.get() in order, no shutdown");
    FakeWeb leakyWeb = new FakeWeb(latency);
    long t0 = System.nanoTime();
    try {
      LeakyFetchAll.fetchAll(leakyWeb, urls, urls.size());
    } catch (ExecutionException e) {
      out.printf("failed after %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, e.getCause().getMessage());
    }
    out.printf("fetches still running: %d; the pool is never shut down, its threads idle for ever "
        + "(idle-executor)%n", leakyWeb.inFlight());
    LeakyFetchAll.stopAll();

    Demo.heading(out, "leash: TaskGroup.fork per URL; the first failure cancels the rest");
    FakeWeb web = new FakeWeb(latency);
    long t1 = System.nanoTime();
    try {
      FetchAll.fetchAll(Context.background(), web, urls);
    } catch (TaskFailedException e) {
      out.printf("failed after %d ms: %s%n", (System.nanoTime() - t1) / 1_000_000, e.getCause().getMessage());
    }
    out.printf("%d fetches cancelled, %d still running, %d tasks of 'fetch-all' alive%n", web.cancelled(),
        web.inFlight(), Demo.liveTasks("fetch-all"));
  }

  /**
   * Task 3.2: N URLs at 100 ms each, at most 8 at a time, then the same with half of them failing. Argument: N
   * (default 100).
   *
   * @throws Exception if interrupted
   */
  public static void runFetchBounded(PrintWriter out, String... args) throws Exception {
    int n = Demo.intArg(args, 0, "URLs", 100);
    List<String> urls = new ArrayList<>();
    List<String> halfFail = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      urls.add("u" + i);
      halfFail.add(i % 2 == 1 ? "fail-u" + i : "u" + i);
    }
    Duration latency = Duration.ofMillis(100);
    Demo.heading(out, "leaky: Executors.newFixedThreadPool(8), Future.get() in order, no shutdown");
    FakeWeb leakyWeb = new FakeWeb(latency);
    try {
      LeakyFetchAll.fetchAll(leakyWeb, halfFail, 8);
    } catch (ExecutionException e) {
      out.println("half of the URLs fail: " + e.getCause().getMessage());
    }
    out.printf("%d fetches still running afterwards; 8 pool threads stay for ever (idle-executor)%n",
        leakyWeb.inFlight());
    LeakyFetchAll.stopAll();

    Demo.heading(out, "leash: TaskGroup.builder().limit(8)");
    FakeWeb web = new FakeWeb(latency);
    long t0 = System.nanoTime();
    List<String> bodies = FetchAll.fetchBounded(Context.background(), web, urls, 8);
    out.printf("%d bodies in %d ms (ideal %d ms), at most %d in flight%n", bodies.size(),
        (System.nanoTime() - t0) / 1_000_000, (n + 7) / 8 * 100, web.maxInFlight());
    FakeWeb failing = new FakeWeb(latency);
    try {
      FetchAll.fetchBounded(Context.background(), failing, halfFail, 8);
    } catch (TaskFailedException e) {
      out.println("half of the URLs fail: " + e.getCause().getMessage());
    }
    out.printf("%d fetches still running, %d tasks of 'fetch-bounded' alive%n", failing.inFlight(),
        Demo.liveTasks("fetch-bounded"));
  }
}
