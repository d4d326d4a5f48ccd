package dev.leash.examples.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.CancellableContext;
import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class ConsumerTest {

  @Test
  void leakyWorkerWaitsInTakeForEver() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
      CountDownLatch done = new CountDownLatch(3);
      LeakyConsumer.startWorker(q, j -> done.countDown());
      q.put("a");
      q.put("b");
      q.put("c");
      done.await();
      assertThat(check.assertLeaks("orphaned-consumer")).containsEntry("orphaned-consumer", 1);
    } finally {
      LeakyConsumer.stopAll();
    }
  }

  @Test
  void leashWorkerProcessesEverythingAndEndsWithTheChannel() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    Channel<String> ch = Channel.buffered(4);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LeashConsumer w = LeashConsumer.start(Context.background(), ch, seen::add)) {
      for (int i = 0; i < 100; i++) {
        ch.send(Context.background(), "job-" + i);
      }
      ch.close();
      w.awaitDrained();
    }
    assertThat(seen).hasSize(100).doesNotHaveDuplicates();
    check.assertNone();
  }

  @Test
  void leashWorkerStopsOnCloseOrCancelWithNoProducer() {
    ExpectLeak check = ExpectLeak.snapshot();
    LeashConsumer idle = LeashConsumer.start(Context.background(), Channel.unbuffered(), j -> {});
    idle.close(); // nobody sends: close() must still end the worker blocked in receive
    try (CancellableContext ctx = Context.background().withCancel()) {
      LeashConsumer w = LeashConsumer.start(ctx, Channel.unbuffered(), j -> {});
      ctx.cancel();
      w.close();
    }
    check.assertNone();
  }
}
