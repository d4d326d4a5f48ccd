package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A task blocked in a common blocking call leaves promptly once its context is cancelled, on platform and on virtual
 * threads: through {@link Context#interruptOnDone()} for interruptible calls, through an {@code onDone} that closes
 * the resource for socket reads. Latency is measured by the benchmarks, not here; this asserts that and why it leaves.
 */
class BlockingCallsCancelTest {

  /** A blocking call; returns normally only if it was not unblocked by the cancellation. */
  interface Blocker {
    void block(Context ctx, CountDownLatch blocked) throws Exception;
  }

  static Stream<Arguments> calls() {
    Object monitor = new Object();
    Blocker take = (ctx, blocked) -> {
      try (Registration r = ctx.interruptOnDone()) {
        blocked.countDown();
        new LinkedBlockingQueue<>().take();
      }
    };
    Blocker sleep = (ctx, blocked) -> {
      try (Registration r = ctx.interruptOnDone()) {
        blocked.countDown();
        Thread.sleep(TimeUnit.HOURS.toMillis(1));
      }
    };
    Blocker futureGet = (ctx, blocked) -> {
      try (Registration r = ctx.interruptOnDone()) {
        blocked.countDown();
        new CompletableFuture<>().get();
      }
    };
    Blocker latchAwait = (ctx, blocked) -> {
      try (Registration r = ctx.interruptOnDone()) {
        blocked.countDown();
        new CountDownLatch(1).await();
      }
    };
    Blocker objectWait = (ctx, blocked) -> {
      try (Registration r = ctx.interruptOnDone()) {
        synchronized (monitor) { // test code: Object.wait needs the monitor
          blocked.countDown();
          monitor.wait();
        }
      }
    };
    Blocker socketRead = (ctx, blocked) -> {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          Socket accepted = server.accept();
          Registration r = ctx.onDone(() -> closeQuietly(client))) {
        InputStream in = client.getInputStream();
        blocked.countDown();
        in.read();
      }
    };
    return Stream.of("virtual", "platform").flatMap(virtual -> Stream.of(
        Arguments.of("take", take, InterruptedException.class, virtual),
        Arguments.of("sleep", sleep, InterruptedException.class, virtual),
        Arguments.of("Future.get", futureGet, InterruptedException.class, virtual),
        Arguments.of("latch await", latchAwait, InterruptedException.class, virtual),
        Arguments.of("Object.wait", objectWait, InterruptedException.class, virtual),
        Arguments.of("socket read", socketRead, SocketException.class, virtual)));
  }

  @ParameterizedTest(name = "{0} on a {3} thread")
  @MethodSource("calls")
  void leavesOnCancel(String name, Blocker call, Class<? extends Throwable> expected, String threadKind)
      throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch blocked = new CountDownLatch(1);
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Thread.Builder builder = threadKind.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform();
    Thread t = builder.name("blocked-in-" + name).start(() -> {
      try {
        call.block(ctx, blocked);
        ended.complete(null);
      } catch (Throwable e) {
        ended.complete(e);
      }
    });
    // The stop path (interrupt binding or onDone close) is registered before the latch opens, so the cancel below
    // reaches the call whether it is already blocked or about to block.
    blocked.await();
    ctx.cancel();
    Throwable why = ended.get(30, TimeUnit.SECONDS);
    assertThat(why).as("%s returned normally instead of being cut short", name).isNotNull();
    assertThat(why).isInstanceOf(expected);
    t.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(t.isAlive()).isFalse();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing to unblock the reader
    }
  }
}
