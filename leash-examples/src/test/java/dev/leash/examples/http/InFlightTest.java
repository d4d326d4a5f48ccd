package dev.leash.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 18 item 4: a request the shutdown ended stays in the report, whenever the report is read. */
class InFlightTest {
  @Test
  void aRequestCutByTheStopPhaseIsReportedEvenAfterItLeftTheInFlightSet() {
    InFlight f = new InFlight();
    InFlight.Entry hold = f.add("GET /hold");
    InFlight.Entry hello = f.add("GET /hello");
    f.remove(hello); // answered
    f.cut(hold); // interrupted by the stop phase ...
    f.remove(hold); // ... and gone from the set before the run loop looks
    assertThat(f.size()).isZero();
    assertThat(f.inFlightOrCut().values()).singleElement().asString().startsWith("#1 GET /hold, running ");
    InFlight.Entry late = f.add("GET /hold");
    assertThat(f.inFlightOrCut()).containsOnlyKeys(1L, late.id());
  }
}
