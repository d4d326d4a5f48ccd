package dev.leash.examples.busywait;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.Channel;
import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BusyWaitTest {

  @Test
  void leakySpinnerIsABusySpin() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      LeakySpinner.start(new ConcurrentLinkedQueue<>(), j -> {});
      check.assertLeaks("busy-spin");
    } finally {
      LeakySpinner.stopAll();
    }
  }

  @Test
  void leashReceiverParksWhileIdleAndStopsOnClose() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Channel<String> ch = Channel.unbuffered();
    List<String> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Thread> worker = new CompletableFuture<>();
    LeashReceiver r = LeashReceiver.start(Context.background(), ch, seen::add, worker::complete);
    try {
      ch.send(Context.background(), "x");
      long id = worker.get().threadId();
      long before = mx.getThreadCpuTime(id);
      Thread.sleep(200); // the idle period under test
      long spentMillis = (mx.getThreadCpuTime(id) - before) / 1_000_000;
      assertThat(spentMillis).as("CPU ms used while idle for 200 ms").isLessThan(20);
    } finally {
      r.close();
    }
    assertThat(seen).containsExactly("x");
    check.assertNone();
  }
}
