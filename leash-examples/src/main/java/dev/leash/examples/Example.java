package dev.leash.examples;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * One runnable example: a seed exercise shown as its leaky Java version next to its Leash version.
 *
 * @param name the name {@code ./leash example NAME} takes
 * @param task the seed task it comes from: a seed 004 task such as {@code "1.1"}, or {@code "E<n>"} for exercise
 *     {@code n} of seed 002
 * @param description one line on what the pair shows
 * @param runner runs the pair and prints what happens
 */
public record Example(String name, String task, String description, Runner runner) {

  /** Runs an example, printing to {@code out}; every thread it starts has ended when it returns. */
  @FunctionalInterface
  public interface Runner {
    /**
     * Runs the example.
     *
     * @param out where the example prints what it does
     * @param args the example's own arguments (see its description)
     * @throws IllegalArgumentException if an argument is malformed (the message names it)
     * @throws Exception if the example fails
     */
    void run(PrintWriter out, String... args) throws Exception;
  }

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   */
  public Example {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(runner, "runner");
  }

  /**
   * Runs the example with output on {@code System.out}.
   *
   * @param args the example's arguments
   * @throws Exception if the example fails
   */
  public void run(String... args) throws Exception {
    PrintWriter out = new PrintWriter(System.out, true);
    runner.run(out, args);
    out.flush();
  }
}
