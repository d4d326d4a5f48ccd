package dev.leash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SelectTest {
  private final Context bg = Context.background();

  @Test
  void picksAReadyCaseFairly() {
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    Channel<Integer> c = Channel.buffered(1);
    int[] counts = new int[3];
    Select s = Select.on(bg)
        .receive(a, v -> a.trySend(v.orElseThrow()))
        .receive(b, v -> b.trySend(v.orElseThrow()))
        .receive(c, v -> c.trySend(v.orElseThrow()));
    a.trySend(1);
    b.trySend(2);
    c.trySend(3);
    int runs = 30_000;
    for (int i = 0; i < runs; i++) {
      counts[s.run()]++;
    }
    for (int k = 0; k < 3; k++) {
      assertThat(counts[k]).as("case %d of 3 always-ready cases", k).isBetween(runs / 3 - 1000, runs / 3 + 1000);
    }
  }

  @Test
  void tryRunReturnsMinusOneWhenNothingIsReady() {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> full = Channel.buffered(1);
    full.trySend(0);
    AtomicReference<Optional<Integer>> got = new AtomicReference<>();
    Select s = Select.on(bg).receive(a, got::set).send(full, 1, () -> {});
    assertThat(s.tryRun()).isEqualTo(-1);
    assertThat(got.get()).isNull();
    assertThat(full.size()).isEqualTo(1);
    assertThat(a.waitingReceivers() + full.waitingSenders()).as("a non-blocking select leaves no waiter").isZero();
  }

  @Test
  void receiveOfAClosedChannelFiresWithEmpty() {
    Channel<Integer> open = Channel.unbuffered();
    Channel<Integer> closed = Channel.unbuffered();
    closed.close();
    AtomicReference<Optional<Integer>> got = new AtomicReference<>();
    assertThat(Select.on(bg).receive(open, v -> {}).receive(closed, got::set).run()).isEqualTo(1);
    assertThat(got.get()).isEmpty();
    Channel<Integer> c2 = Channel.unbuffered();
    c2.close();
    assertThatThrownBy(() -> Select.on(bg).send(c2, 1, () -> {}).run()).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void closeWakesABlockedSelect() throws Exception {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.unbuffered();
    try (TaskGroup g = TaskGroup.open(bg)) {
      Task<Integer> sel = g.fork(c -> Select.on(c).receive(a, v -> {}).receive(b, v -> {}).run());
      Await.until("select waiting", () -> a.waitingReceivers() == 1 && b.waitingReceivers() == 1);
      b.close();
      assertThat(sel.join()).isEqualTo(1);
    }
    assertThat(a.waitingReceivers()).as("the losing case's node is removed").isZero();
  }

  @Test
  void contextCaseCancelsWithoutEffect() throws Exception {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.buffered(1);
    b.trySend(0);
    try (CancellableContext ctx = bg.withCancel(); TaskGroup g = TaskGroup.open(bg)) {
      Task<Throwable> sel = g.fork(c -> {
        try {
          Select.on(ctx).receive(a, v -> {}).send(b, 1, () -> {}).run();
          return null;
        } catch (CancelledException e) {
          return e;
        }
      });
      Await.until("select waiting", () -> a.waitingReceivers() == 1 && b.waitingSenders() == 1);
      ctx.cancel();
      assertThat(sel.join()).isInstanceOf(CancelledException.class);
      assertThatThrownBy(() -> Select.on(ctx).receive(a, v -> {}).run()).isInstanceOf(CancelledException.class);
    }
    assertThat(a.waitingReceivers() + b.waitingSenders()).isZero();
    assertThat(b.tryReceive()).contains(0);
    assertThat(b.tryReceive()).as("the cancelled send case delivered nothing").isEmpty();
  }

  /** Two senders race for one select: one value is taken, the other stays with its sender, none is lost. */
  @Test
  void losingReceiveCaseNeverConsumesAValue() throws Exception {
    for (int round = 0; round < 2000; round++) {
      Channel<String> a = Channel.unbuffered();
      Channel<String> b = Channel.unbuffered();
      Queue<String> selected = new ConcurrentLinkedQueue<>();
      CyclicBarrier go = new CyclicBarrier(3);
      try (TaskGroup g = TaskGroup.builder().platformThreads().open(bg)) {
        g.go(c -> {
          go.await();
          a.send(c, "a");
        });
        g.go(c -> {
          go.await();
          b.send(c, "b");
        });
        go.await();
        int k = Select.on(bg).receive(a, v -> selected.add(v.orElseThrow()))
            .receive(b, v -> selected.add(v.orElseThrow())).run();
        assertThat(selected).hasSize(1);
        Channel<String> other = k == 0 ? b : a;
        assertThat(other.receive(bg)).as("round %d: the other value is still there", round)
            .contains(k == 0 ? "b" : "a");
        g.await();
      }
    }
  }

  /** Two receivers race for one select's two send cases: exactly one receives, the other gets nothing. */
  @Test
  void losingSendCaseNeverDeliversAValue() throws Exception {
    for (int round = 0; round < 2000; round++) {
      Channel<String> a = Channel.unbuffered();
      Channel<String> b = Channel.unbuffered();
      CyclicBarrier go = new CyclicBarrier(3);
      List<Task<Optional<String>>> receivers = new ArrayList<>();
      try (TaskGroup g = TaskGroup.builder().platformThreads().open(bg)) {
        for (Channel<String> ch : List.of(a, b)) {
          receivers.add(g.fork(c -> {
            go.await();
            return ch.receive(c);
          }));
        }
        go.await();
        int k = Select.on(bg).send(a, "x", () -> {}).send(b, "y", () -> {}).run();
        (k == 0 ? b : a).close(); // the loser's receiver must see the end of the stream, not a value
        Optional<String> winner = receivers.get(k).join();
        Optional<String> loser = receivers.get(1 - k).join();
        assertThat(winner).contains(k == 0 ? "x" : "y");
        assertThat(loser).as("round %d", round).isEmpty();
      }
    }
  }

  @Test
  void badInput() {
    assertThatThrownBy(() -> Select.on(null)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
    assertThatThrownBy(() -> Select.on(bg).run()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Select.on(bg).receive(null, v -> {}))
        .isInstanceOf(NullPointerException.class).hasMessage("channel");
    assertThatThrownBy(() -> Select.on(bg).send(Channel.unbuffered(), null, () -> {}))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
  }
}
