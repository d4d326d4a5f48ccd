package dev.leash.examples.lockedsend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.TaskGroup;
import dev.leash.examples.ExpectLeak;
import org.junit.jupiter.api.Test;

class LockedSendTest {

  @Test
  void leakyDispatcherDeadlocksBehindTheLock() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      LeakyDispatch.start(20, 5);
      assertThat(check.assertLeaks("lock-held-blocking").get("lock-held-blocking")).isGreaterThan(1);
    } finally {
      LeakyDispatch.stopAll();
    }
  }

  @Test
  void hundredEnqueuersAndASlowConsumerDoNotDeadlock() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int round = 0; round < 5; round++) {
      assertThat(LockedSendExample.deliver(Context.background(), 100, 1)).isEqualTo(100);
    }
    check.assertNone();
  }

  @Test
  void cancelledSendsLeaveNothingPending() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    LeashDispatcher d = new LeashDispatcher();
    try (CancellableContext ctx = Context.background().withCancel();
        TaskGroup g = TaskGroup.builder().name("enqueuers").open(ctx)) {
      for (int i = 0; i < 20; i++) {
        String job = "job-" + i;
        g.go(c -> d.enqueue(c, job));
      }
      // no consumer: the enqueuers block in send without the lock, so pendingCount() answers at once
      assertThat(d.pendingCount()).isBetween(0, 20);
      ctx.cancel();
      g.await(); // an enqueue ending with CancelledException obeys the stop signal: not a failure
    }
    assertThat(d.pendingCount()).isZero();
    d.close();
    assertThatThrownBy(() -> d.enqueue(Context.background(), "late")).isInstanceOf(IllegalStateException.class);
    assertThat(d.pendingCount()).isZero();
    check.assertNone();
  }
}
