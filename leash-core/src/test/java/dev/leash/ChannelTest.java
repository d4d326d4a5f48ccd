package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ChannelTest {
  private final Context bg = Context.background();

  @Test
  void unbufferedSendCompletesOnlyWhenReceived() throws Exception {
    Channel<String> ch = Channel.unbuffered();
    AtomicBoolean sent = new AtomicBoolean();
    try (TaskGroup g = TaskGroup.open(bg)) {
      g.go(c -> {
        ch.send(c, "a");
        sent.set(true);
      });
      Await.until("sender blocked", () -> ch.waitingSenders() == 1);
      assertThat(sent).isFalse();
      assertThat(ch.trySend("b")).as("no receiver waiting, no buffer").isFalse();
      assertThat(ch.receive(bg)).contains("a");
      g.await();
      assertThat(sent).isTrue();
    }
  }

  @Test
  void bufferedSendReturnsOnceBufferedAndKeepsOrder() {
    Channel<Integer> ch = Channel.buffered(3);
    ch.send(bg, 1);
    ch.send(bg, 2);
    assertThat(ch.trySend(3)).isTrue();
    assertThat(ch.trySend(4)).isFalse();
    assertThat(ch.size()).isEqualTo(3);
    assertThat(ch.tryReceive()).contains(1);
    assertThat(ch.receive(bg)).contains(2);
    assertThat(ch.receive(bg)).contains(3);
    assertThat(ch.tryReceive()).isEmpty();
    assertThat(ch.isDrained()).isFalse();
  }

  @Test
  void blockedSenderOfFullBufferMovesIntoBufferInOrder() throws Exception {
    Channel<Integer> ch = Channel.buffered(1);
    ch.send(bg, 1);
    try (TaskGroup g = TaskGroup.open(bg)) {
      g.go(c -> ch.send(c, 2));
      Await.until("sender blocked", () -> ch.waitingSenders() == 1);
      assertThat(ch.receive(bg)).contains(1);
      g.await();
      assertThat(ch.size()).isEqualTo(1);
      assertThat(ch.receive(bg)).contains(2);
    }
  }

  @Test
  void closeKeepsBufferedValuesThenSignalsEndOfStream() {
    Channel<String> ch = Channel.buffered(2);
    ch.send(bg, "x");
    assertThat(ch.close()).isTrue();
    assertThat(ch.close()).as("idempotent").isFalse();
    assertThatThrownBy(() -> ch.send(bg, "y")).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> ch.trySend("y")).isInstanceOf(ChannelClosedException.class);
    assertThat(ch.isDrained()).isFalse();
    assertThat(ch.receive(bg)).contains("x");
    assertThat(ch.receive(bg)).isEmpty();
    assertThat(ch.isDrained()).isTrue();
  }

  @Test
  void closeWakesEveryBlockedSenderAndReceiver() throws Exception {
    Channel<Integer> full = Channel.unbuffered();
    Channel<Integer> empty = Channel.unbuffered();
    Queue<Throwable> senderErrors = new ConcurrentLinkedQueue<>();
    Queue<Optional<Integer>> received = new ConcurrentLinkedQueue<>();
    try (TaskGroup g = TaskGroup.open(bg)) {
      for (int i = 0; i < 4; i++) {
        int v = i;
        g.go(c -> {
          try {
            full.send(c, v);
          } catch (ChannelClosedException e) {
            senderErrors.add(e);
          }
        });
        g.go(c -> received.add(empty.receive(c)));
      }
      Await.until("all blocked", () -> full.waitingSenders() == 4 && empty.waitingReceivers() == 4);
      full.close();
      empty.close();
      g.await();
    }
    assertThat(senderErrors).hasSize(4);
    assertThat(received).hasSize(4).allMatch(Optional::isEmpty);
    assertThat(full.tryReceive()).as("a failed send's value is never received").isEmpty();
  }

  @Test
  void contextCancelsBlockedSendAndReceiveWithoutSideEffects() throws Exception {
    Channel<Integer> ch = Channel.unbuffered();
    try (CancellableContext ctx = bg.withCancel(); TaskGroup g = TaskGroup.open(bg)) {
      Task<Throwable> s = g.fork(c -> catching(() -> ch.send(ctx, 1)));
      Task<Throwable> r = g.fork(c -> catching(() -> Channel.<Integer>unbuffered().receive(ctx)));
      Await.until("sender blocked", () -> ch.waitingSenders() == 1);
      ctx.cancel();
      assertThat(s.join()).isExactlyInstanceOf(CancelledException.class);
      assertThat(r.join()).isExactlyInstanceOf(CancelledException.class);
    }
    assertThat(ch.waitingSenders()).as("withdrawn sender removed").isZero();
    assertThat(ch.tryReceive()).isEmpty();
  }

  @Test
  void deadlineGivesDeadlineExceeded() {
    Channel<Integer> ch = Channel.unbuffered();
    try (CancellableContext ctx = bg.withTimeout(Duration.ofMillis(20))) {
      assertThatThrownBy(() -> ch.receive(ctx)).isInstanceOf(DeadlineExceededException.class);
      assertThatThrownBy(() -> ch.send(ctx, 1)).isInstanceOf(DeadlineExceededException.class);
    }
  }

  @Test
  void timedOperationsGiveUpAfterTimeout() {
    Channel<Integer> ch = Channel.buffered(1);
    assertThat(ch.trySend(bg, 1, Duration.ofMillis(5))).isTrue();
    long t0 = System.nanoTime();
    assertThat(ch.trySend(bg, 2, Duration.ofMillis(30))).isFalse();
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    assertThat(ch.waitingSenders()).isZero();
    assertThat(ch.tryReceive(bg, Duration.ofMillis(5))).contains(1);
    assertThat(ch.tryReceive(bg, Duration.ofMillis(20))).isEmpty();
    assertThat(ch.waitingReceivers()).isZero();
  }

  @Test
  void interruptWithdrawsAndKeepsFlag() throws Exception {
    Channel<Integer> ch = Channel.unbuffered();
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread t = Thread.ofPlatform().start(() -> {
      try {
        ch.receive(bg);
      } catch (CancelledException e) {
        flagKept.set(Thread.currentThread().isInterrupted());
      }
      done.countDown();
    });
    Await.until("receiver blocked", () -> ch.waitingReceivers() == 1);
    t.interrupt();
    done.await();
    t.join();
    assertThat(flagKept).isTrue();
    assertThat(ch.waitingReceivers()).isZero();
  }

  @Test
  void forEachEndsWhenClosedAndDrained() throws Exception {
    Channel<Integer> ch = Channel.buffered(4);
    List<Integer> got = new ArrayList<>();
    try (TaskGroup g = TaskGroup.open(bg)) {
      g.go(c -> {
        for (int i = 0; i < 100; i++) {
          ch.send(c, i);
        }
        ch.close();
      });
      for (int v : ch.values(bg)) {
        got.add(v);
      }
      g.await();
    }
    assertThat(got).hasSize(100).isSorted();
  }

  @Test
  void badInputNamesTheParameter() {
    assertThatThrownBy(() -> Channel.buffered(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    Channel<String> ch = Channel.unbuffered();
    assertThatThrownBy(() -> ch.send(bg, null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> ch.send(null, "a")).isInstanceOf(NullPointerException.class).hasMessage("ctx");
    assertThatThrownBy(() -> ch.receive(null)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
