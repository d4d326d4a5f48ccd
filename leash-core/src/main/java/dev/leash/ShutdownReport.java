package dev.leash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link ServiceGroup} shut down: per component, how long its drain and its stop took and whether it stopped;
 * for components that did not stop within the budgets, the names and stacks of their threads. Immutable.
 *
 * @param group the group's name
 * @param drainBudget the budget of phase one (drain)
 * @param stopBudget the budget of phase two (cancel and wait)
 * @param elapsed how long the whole shutdown took
 * @param components one entry per component, in declaration order
 */
public record ShutdownReport(
    String group, Duration drainBudget, Duration stopBudget, Duration elapsed, List<Component> components) {

  /** Copies {@code components}. */
  public ShutdownReport {
    components = List.copyOf(components);
  }

  /**
   * One component's shutdown.
   *
   * @param name the component's name
   * @param started whether it had been started
   * @param drainTime how long its drain ran, or {@code null} if it was not drained (not started, already ended, or
   *     the drain budget was spent before its turn)
   * @param drained whether its drain returned within the drain budget
   * @param stopTime from the cancel of its context to the end of its thread, or {@code null} if it has not ended
   * @param stopped whether its threads have all ended
   * @param failure what its body threw (at any time), or {@code null}
   * @param drainFailure what its drain threw, or {@code null}
   * @param stragglers its threads still alive when the budgets were spent, with their stacks
   */
  public record Component(String name, boolean started, Duration drainTime, boolean drained, Duration stopTime,
      boolean stopped, Throwable failure, Throwable drainFailure, List<Straggler> stragglers) {
    /** Copies {@code stragglers}. */
    public Component {
      stragglers = List.copyOf(stragglers);
    }
  }

  /**
   * A thread that outlived the budgets.
   *
   * @param threadName its name
   * @param state its state when captured
   * @param stack its stack when captured, top frame first
   */
  public record Straggler(String threadName, Thread.State state, List<StackTraceElement> stack) {
    /** Copies {@code stack}. */
    public Straggler {
      stack = List.copyOf(stack);
    }
  }

  /** Whether every started component stopped within the budgets. */
  public boolean allStopped() {
    return components.stream().allMatch(c -> c.stopped() || !c.started());
  }

  /** Names of the components that did not stop within the budgets. */
  public List<String> stragglers() {
    return components.stream().filter(c -> c.started() && !c.stopped()).map(Component::name).toList();
  }

  /** Every failure a body or a drain threw, in component order. */
  public List<Throwable> failures() {
    List<Throwable> out = new ArrayList<>();
    for (Component c : components) {
      if (c.failure() != null) {
        out.add(c.failure());
      }
      if (c.drainFailure() != null) {
        out.add(c.drainFailure());
      }
    }
    return out;
  }

  /** A readable multi-line rendering: one line per component, then the stragglers' stacks. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    long started = components.stream().filter(Component::started).count();
    long stopped = components.stream().filter(c -> c.started() && c.stopped()).count();
    sb.append("service group ").append(group).append(": ").append(stopped).append(" of ").append(started)
        .append(" started components stopped in ").append(ms(elapsed)).append(" (drain budget ")
        .append(ms(drainBudget)).append(", stop budget ").append(ms(stopBudget)).append(")\n");
    int width = components.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (Component c : components) {
      sb.append("  ").append(c.name()).append(" ".repeat(width - c.name().length())).append("  ");
      if (!c.started()) {
        sb.append("not started\n");
        continue;
      }
      if (c.drainTime() == null) {
        sb.append("not drained");
      } else if (c.drained()) {
        sb.append("drained in ").append(ms(c.drainTime()));
      } else {
        sb.append("DRAIN OVER BUDGET after ").append(ms(c.drainTime()));
      }
      sb.append(", ");
      if (c.stopped()) {
        sb.append(c.stopTime() == null ? "had ended" : "stopped in " + ms(c.stopTime()));
      } else {
        sb.append("NOT STOPPED");
      }
      if (c.failure() != null) {
        sb.append(", failed: ").append(c.failure());
      }
      if (c.drainFailure() != null) {
        sb.append(", drain failed: ").append(c.drainFailure());
      }
      sb.append('\n');
      for (Straggler s : c.stragglers()) {
        sb.append("    thread \"").append(s.threadName()).append("\" ").append(s.state()).append('\n');
        for (StackTraceElement f : s.stack()) {
          sb.append("      at ").append(f).append('\n');
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text();
  }

  private static String ms(Duration d) {
    return d == null ? "-" : d.toMillis() + " ms";
  }
}
