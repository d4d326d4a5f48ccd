package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A cancellation cause that is itself a {@link CancelledException} (a subclass a caller defines, or one with a message)
 * is what every call watching the context throws, so that {@code catch (LoggedOut e)} matches (issue 16, bug 3).
 */
class CancellationCauseTest {

  /** A typed reason to stop, as a caller would define it. */
  static final class LoggedOut extends CancelledException {
    private static final long serialVersionUID = 1L;

    LoggedOut() {
      super("user logged out");
    }
  }

  private static CancellableContext cancelledWith(CancelledException cause) {
    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel(cause);
    return ctx;
  }

  @Test
  void throwIfDoneThrowsTheTypedCauseItself() {
    LoggedOut cause = new LoggedOut();
    CancellableContext ctx = cancelledWith(cause);
    assertThat(catchThrowable(ctx::throwIfDone)).isSameAs(cause);
    Context child = ctx.withValue(Context.Key.of("k"), "v");
    assertThat(catchThrowable(child::throwIfDone)).isSameAs(cause);
    CancelledException plain = new CancelledException("operator abort");
    assertThat(catchThrowable(cancelledWith(plain)::throwIfDone)).isSameAs(plain);
  }

  @Test
  void causesThatAreNotCancellationsAreStillWrapped() {
    IOException io = new IOException("sibling failed");
    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel(io);
    Throwable t = catchThrowable(ctx::throwIfDone);
    assertThat(t).isExactlyInstanceOf(CancelledException.class).hasCause(io);
    CancellableContext plain = Context.background().withCancel();
    plain.cancel();
    assertThat(catchThrowable(plain::throwIfDone)).isExactlyInstanceOf(CancelledException.class).hasNoCause();
    CancellableContext late = Context.background().withTimeout(Duration.ZERO);
    assertThat(catchThrowable(late::throwIfDone)).isExactlyInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void channelCallsThrowTheTypedCause() {
    LoggedOut cause = new LoggedOut();
    CancellableContext ctx = cancelledWith(cause);
    Channel<String> unbuffered = Channel.unbuffered();
    Channel<String> buffered = Channel.buffered(1);
    assertThat(catchThrowable(() -> unbuffered.send(ctx, "x"))).isSameAs(cause);
    assertThat(catchThrowable(() -> unbuffered.receive(ctx))).isSameAs(cause);
    assertThat(catchThrowable(() -> buffered.trySend(ctx, "x", Duration.ofSeconds(1)))).isSameAs(cause);
    assertThat(catchThrowable(() -> buffered.tryReceive(ctx, Duration.ofSeconds(1)))).isSameAs(cause);
  }

  @Test
  void aBlockedReceiveThrowsTheTypedCauseWhenCancelledWhileWaiting() throws Exception {
    LoggedOut cause = new LoggedOut();
    CancellableContext ctx = Context.background().withCancel();
    Channel<String> ch = Channel.buffered(1);
    try (TaskGroup g = TaskGroup.open(Context.background())) {
      Task<Throwable> waiter = g.fork(c -> catchThrowable(() -> ch.receive(ctx)));
      Await.until("the receiver waits", () -> ch.waitingReceivers() == 1);
      ctx.cancel(cause);
      assertThat(waiter.join()).isSameAs(cause);
    }
  }

  @Test
  void selectThrowsTheTypedCause() throws Exception {
    LoggedOut cause = new LoggedOut();
    CancellableContext ctx = Context.background().withCancel();
    Channel<String> a = Channel.unbuffered();
    Select s = Select.on(ctx).receive(a, v -> {});
    try (TaskGroup g = TaskGroup.open(Context.background())) {
      Task<Throwable> waiter = g.fork(c -> catchThrowable(s::run));
      Await.until("the select waits", () -> a.waitingReceivers() == 1);
      ctx.cancel(cause);
      assertThat(waiter.join()).isSameAs(cause);
    }
    assertThat(catchThrowable(s::run)).isSameAs(cause);
  }

  @Test
  void retryThrowsTheTypedCauseWithTheFailuresSoFar() {
    LoggedOut cause = new LoggedOut();
    CancellableContext ctx = Context.background().withCancel();
    Retry retry = Retry.builder().maxAttempts(5).backoff(Backoff.fixed(Duration.ZERO)).build();
    Throwable t = catchThrowable(() -> retry.run(ctx, c -> {
      ctx.cancel(cause);
      throw new IOException("down");
    }));
    assertThat(t).isSameAs(cause);
    assertThat(t.getSuppressed()).extracting(Throwable::getMessage).containsExactly("down");
  }

  @Test
  void joinOfATaskStoppedByItsGroupThrowsTheTypedCause() throws Exception {
    LoggedOut cause = new LoggedOut();
    CancellableContext parent = Context.background().withCancel();
    try (TaskGroup g = TaskGroup.open(parent)) {
      CountDownLatch started = new CountDownLatch(1);
      Task<String> t = g.fork(c -> {
        started.countDown();
        c.await();
        c.throwIfDone();
        return "unreachable";
      });
      started.await();
      parent.cancel(cause);
      assertThat(catchThrowable(t::join)).isSameAs(cause);
      assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
    }
  }
}
