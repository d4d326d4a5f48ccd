package dev.leash.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code leash} command line. One class per sub-command; this class only wires them together.
 *
 * <p>Exit codes: {@code 0} success; {@code 1} the command ran and found a problem (a failed check, a score under
 * {@code --fail-under}); {@code 2} bad usage or bad input (unknown command or option, a missing or unreadable file).
 */
@Command(
    name = "leash",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      DemoCommand.class, AuditCommand.class, TriageCommand.class, DiffCommand.class, CaptureCommand.class,
      ProveCommand.class,
      WatchCommand.class, ExampleCommand.class
    },
    description = {
      "A leash on every thread: find leaked threads in dumps and code, and prove your code cannot leak them.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 the check found a problem, 2 bad usage or bad input.",
      "Run 'leash COMMAND --help' for a command's options."
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits the JVM with the command's exit code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code; used by tests. */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler(Main::badUsage);
    cl.setExecutionExceptionHandler(Main::failure);
    // An example's own options (leash example graceful-http --port 0) follow its name: pass them through untouched.
    cl.getSubcommands().get("example").setStopAtPositional(true);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Unknown command or option: one line, a hint, exit 2. */
  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("leash: " + e.getMessage());
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    return 2;
  }

  /** A command failed: one line, never a stack trace (set LEASH_DEBUG=1 for one). */
  private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof UserException u) {
      err.println("leash: " + u.getMessage());
      return u.exitCode();
    }
    err.println("leash: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    if (System.getenv("LEASH_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return 2;
  }

  /** Reads the version written into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "leash " + p.getProperty("version", "unknown"),
        "JVM: ${java.version} (${java.vendor} ${java.vm.name})"
      };
    }
  }
}
