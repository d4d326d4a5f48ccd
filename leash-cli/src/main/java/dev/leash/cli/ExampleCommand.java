package dev.leash.cli;

import dev.leash.examples.Example;
import dev.leash.examples.ExampleFailure;
import dev.leash.examples.Examples;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leash example [NAME [ARGS...]]}: lists the seed exercises (a leaky Java version next to its Leash version),
 * or runs one. Every thread an example starts, leaky or not, has ended when it returns.
 */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = {
      "Without NAME, list the examples: each is a seed exercise as a pair, the leaky Java version as it is usually",
      "written and the Leash version. With NAME, run both and print what each leaves behind.",
      "",
      "Everything after NAME goes to the example, options included (e.g. graceful-http --port 0).",
      "",
      "Exit code 0 when the example ran, 2 for an unknown NAME (the list is printed) or a bad argument,",
      "or the example's own code when it ends in a failure it reports as one line (e.g. 1 for a port in use)."
    })
final class ExampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The example to run.")
  String name;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "The example's own arguments.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (name == null) {
      list(out);
      return 0;
    }
    Optional<Example> example = Examples.find(name);
    if (example.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("leash: unknown example '" + name + "'; the examples are:");
      list(err);
      return 2;
    }
    try {
      example.get().runner().run(out, args.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new UserException(name + ": " + e.getMessage());
    } catch (ExampleFailure e) {
      throw new UserException(name + ": " + e.getMessage(), e.exitCode());
    } finally {
      out.flush();
    }
    return 0;
  }

  private static void list(PrintWriter w) {
    int width = Examples.all().stream().mapToInt(e -> e.name().length()).max().orElse(0);
    for (Example e : Examples.all()) {
      w.printf("  %-" + width + "s  %-4s %s%n", e.name(), e.task(), e.description());
    }
    w.println();
    w.println("Run one with: leash example NAME [ARGS]");
    w.println("(after each name: its seed 004 task, or E<n> for exercise n of seed 002)");
    w.flush();
  }
}
