package dev.leash.examples.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.examples.ExpectLeak;
import org.junit.jupiter.api.Test;

/** Exercise 13 leaks no thread in Java (one shared timer); what it wastes is downstream resources, counted here. */
class CancelTest {

  @Test
  void leakyLookupsHoldTheirDownstreamResourcesUntilTheDeadline() {
    ExpectLeak check = ExpectLeak.snapshot();
    Downstream down = new Downstream();
    try (CancellableContext request = Context.background().withCancel()) {
      for (int i = 0; i < 100; i++) {
        assertThat(LeakyLookup.lookup(request, down, "q")).isEqualTo("ROWS FOR Q");
      }
      assertThat(down.held()).as("held after the calls returned").isEqualTo(100);
    }
    assertThat(down.held()).as("held once the request's context is cancelled").isZero();
    check.assertNone();
  }

  @Test
  void lookupsReleaseAsSoonAsTheResultIsIn() {
    ExpectLeak check = ExpectLeak.snapshot();
    Downstream down = new Downstream();
    try (CancellableContext request = Context.background().withCancel()) {
      for (int i = 0; i < 100; i++) {
        assertThat(Lookup.lookup(request, down, "q")).isEqualTo("ROWS FOR Q");
        assertThat(down.held()).isZero();
      }
    }
    check.assertNone();
  }
}
