package dev.leash.examples.firstresult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.CancelledException;
import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstResultTest {
  private static final List<String> URLS = List.of("a", "b", "c", "d", "e");

  @Test
  void leakyFirstAbandonsEverySenderButOne() throws Exception {
    ExpectLeak check = ExpectLeak.snapshot();
    try {
      assertThat(LeakyFirst.first(URLS)).startsWith("result of ");
      assertThat(check.assertLeaks("abandoned-producer")).containsEntry("abandoned-producer", URLS.size() - 1);
    } finally {
      LeakyFirst.stopAll();
    }
  }

  @Test
  void leashFirstLeavesNoSenderBehind() {
    ExpectLeak check = ExpectLeak.snapshot();
    for (int i = 0; i < 200; i++) {
      assertThat(LeashFirst.first(Context.background(), URLS)).isIn(URLS.stream().map(u -> "result of " + u).toList());
    }
    check.assertNone();
  }

  @Test
  void leashFirstGivesUpWhenTheCallerCancels() {
    ExpectLeak check = ExpectLeak.snapshot();
    try (CancellableContext ctx = Context.background().withCancel()) {
      ctx.cancel();
      assertThatThrownBy(() -> LeashFirst.first(ctx, URLS)).isInstanceOf(CancelledException.class);
    }
    assertThatThrownBy(() -> LeashFirst.first(Context.background(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("urls");
    check.assertNone();
  }
}
