package dev.leash.cli;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.Leash;
import dev.leash.TaskGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code leash demo}: parks thousands of virtual-thread tasks in five different blocking calls inside one
 * {@code TaskGroup}, cancels the group, and shows that every one of them ends and the thread count returns to where it
 * started.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start N virtual-thread tasks in one TaskGroup, each blocked in a different blocking call (queue take, sleep,",
      "Future.get, latch await, socket read on a local server), cancel the group, and report how long it took for",
      "every task to end and the thread count before, during and after.",
      "",
      "Exit code 0 when every task ended and the count is back at its start, 1 otherwise."
    })
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
  private static final String[] KINDS = {"queue take", "sleep", "Future.get", "latch await", "socket read"};

  @Spec CommandSpec spec;

  @Option(names = {"-n", "--tasks"}, defaultValue = "10000", description = "Number of tasks (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Override
  public Integer call() throws Exception {
    if (tasks < KINDS.length) {
      throw new UserException("--tasks must be at least " + KINDS.length + ", was " + tasks);
    }
    PrintWriter out = spec.commandLine().getOut();
    run(KINDS.length * 4, null); // warm up: JIT, virtual-thread scheduler and I/O pollers start once
    long before = Leash.threadCount();
    out.printf("threads before: %,d%n", before);
    Result r = run(tasks, out);
    long after = Leash.threadCount();
    out.printf("threads during: %,d (%,d of them Leash virtual threads)%n", r.during(), r.duringVirtual());
    out.printf("cancelled %,d blocked tasks; every one ended %.1f ms after cancel%n", tasks, r.cancelMillis());
    out.printf("threads after:  %,d%n", after);
    boolean clean = after <= before && Leash.virtualThreadCount() == 0;
    out.println(clean ? "no thread left behind" : "LEAK: the thread count did not return to its start");
    out.flush();
    return clean ? 0 : 1;
  }

  private record Result(long during, long duringVirtual, double cancelMillis) {}

  private Result run(int n, PrintWriter out) throws Exception {
    int perKind = n / KINDS.length;
    int total = perKind * KINDS.length;
    CountDownLatch blocked = new CountDownLatch(total);
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    CompletableFuture<Object> never = new CompletableFuture<>();
    CountDownLatch latch = new CountDownLatch(1);
    ConcurrentLinkedQueue<Socket> accepted = new ConcurrentLinkedQueue<>();
    long during;
    long duringVirtual;
    long cancelledAt;
    try (ServerSocket server = new ServerSocket(0, total, InetAddress.getLoopbackAddress());
        CancellableContext root = Context.background().withCancel();
        TaskGroup group = TaskGroup.builder().name("demo").open(root)) {
      group.go(ctx -> acceptAll(ctx, server, accepted));
      for (int i = 0; i < perKind; i++) {
        group.go(ctx -> {
          blocked.countDown();
          queue.take();
        });
        group.go(ctx -> {
          blocked.countDown();
          Thread.sleep(TimeUnit.HOURS.toMillis(1));
        });
        group.go(ctx -> {
          blocked.countDown();
          never.get();
        });
        group.go(ctx -> {
          blocked.countDown();
          latch.await();
        });
        group.go(ctx -> readUntilClosed(ctx, server.getLocalPort(), blocked));
      }
      blocked.await();
      if (out != null) {
        out.printf("started %,d tasks: %,d each in %s%n", total, perKind, String.join(", ", KINDS));
      }
      during = Leash.threadCount();
      duringVirtual = Leash.virtualThreadCount();
      cancelledAt = System.nanoTime();
      root.cancel();
      group.await();
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
    return new Result(during, duringVirtual, (System.nanoTime() - cancelledAt) / 1e6);
  }

  private static void acceptAll(Context ctx, ServerSocket server, ConcurrentLinkedQueue<Socket> accepted)
      throws IOException {
    try (var unused = ctx.onDone(() -> closeQuietly(server))) {
      while (!ctx.isDone()) {
        accepted.add(server.accept());
      }
    } catch (IOException e) {
      if (!ctx.isDone()) {
        throw e;
      }
    }
  }

  private static void readUntilClosed(Context ctx, int port, CountDownLatch blocked) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        var unused = ctx.onDone(() -> closeQuietly(s))) {
      InputStream in = s.getInputStream();
      blocked.countDown();
      while (in.read() >= 0) {
        // the server never writes: this blocks until the socket is closed
      }
    } catch (IOException e) {
      if (!ctx.isDone()) {
        throw e;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing to unblock a reader; a failure to close leaves nothing to do
    }
  }
}
