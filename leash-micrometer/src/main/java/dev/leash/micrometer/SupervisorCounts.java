package dev.leash.micrometer;

import dev.leash.SupervisorEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Restart and give-up counts of the supervisors that share one {@code supervisor} tag. */
final class SupervisorCounts implements Consumer<SupervisorEvent> {
  private final String supervisor;
  private final LongAdder restarts = new LongAdder();
  private final LongAdder giveUps = new LongAdder();

  SupervisorCounts(String supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void accept(SupervisorEvent event) {
    switch (event) {
      case SupervisorEvent.Restarting r -> restarts.increment();
      case SupervisorEvent.GaveUp g -> giveUps.increment();
      case SupervisorEvent.Started s -> { }
      case SupervisorEvent.Exited e -> { }
    }
  }

  /** Registers this supervisor's counters; the adders are held strongly here, so the meters never read NaN. */
  void register(MeterRegistry registry) {
    FunctionCounter.builder("leash.supervisor.restarts", restarts, LongAdder::doubleValue)
        .description("Child restarts scheduled by the supervisor (after backoff, the child runs again)")
        .tag("supervisor", supervisor)
        .register(registry);
    FunctionCounter.builder("leash.supervisor.giveups", giveUps, LongAdder::doubleValue)
        .description("Times the supervisor exceeded its restart intensity, stopped its children and failed")
        .tag("supervisor", supervisor)
        .register(registry);
  }
}
