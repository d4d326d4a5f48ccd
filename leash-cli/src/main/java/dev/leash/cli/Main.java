package dev.leash.cli;

import dev.leash.triage.Untrusted;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code leash} command line. One class per sub-command; this class only wires them together.
 *
 * <p>Exit codes: {@code 0} success; {@code 1} the command ran and found a problem (a failed check, a score under
 * {@code --fail-under}); {@code 2} bad usage or bad input (unknown command or option, a missing or unreadable file),
 * a report that could not be written (standard output or {@code -o} failed), or a JVM error such as out of memory.
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
      "Exit codes: 0 ok, 1 the check found a problem, 2 bad usage, bad input or the report could not be written.",
      "Run 'leash COMMAND --help' for a command's options."
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the CLI and exits the JVM with the command's exit code. Standard output is watched: when the report could not
   * be written there (a full disk, a closed pipe), the exit code is 2 and stderr says why.
   */
  public static void main(String[] args) {
    Stdout stdout = new Stdout(new FileOutputStream(FileDescriptor.out));
    Charset charset = Charset.forName(System.getProperty("stdout.encoding", Charset.defaultCharset().name()),
        StandardCharsets.UTF_8);
    System.setOut(new PrintStream(new BufferedOutputStream(stdout, 1 << 16), true, charset));
    int code = run(args);
    System.out.flush();
    if (stdout.failure() != null || System.out.checkError()) {
      IOException e = stdout.failure();
      System.err.println("leash: cannot write to standard output: "
          + Untrusted.text(e == null || e.getMessage() == null ? "write error" : e.getMessage()));
      code = 2;
    }
    System.exit(code);
  }

  /**
   * Runs the CLI and returns its exit code; used by tests. A JVM {@link Error} (out of memory, a stack overflow) is
   * one line and exit code 2 too, not a stack trace and the exit code 1 that means "found a problem".
   */
  public static int run(String... args) {
    CommandLine cl = newCommandLine();
    try {
      int code = cl.execute(args);
      cl.getOut().flush();
      return code;
    } catch (OutOfMemoryError e) {
      return fatal(cl, "out of memory (" + e.getMessage() + "); give leash more heap, e.g."
          + " LEASH_JAVA_OPTS=-Xmx4g (java -Xmx4g -jar leash.jar)", e);
    } catch (StackOverflowError e) {
      return fatal(cl, "the input nests too deeply (stack overflow); give leash a bigger stack, e.g."
          + " LEASH_JAVA_OPTS=-Xss16m", e);
    } catch (Error e) {
      return fatal(cl, "internal error: " + e, e);
    }
  }

  private static int fatal(CommandLine cl, String message, Error e) {
    PrintWriter err = cl.getErr();
    err.println("leash: " + Untrusted.text(message));
    if (System.getenv("LEASH_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return 2;
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
    err.println("leash: " + Untrusted.text(e.getMessage()));
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    return 2;
  }

  /** A command failed: one line, never a stack trace (set LEASH_DEBUG=1 for one). */
  private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof UserException u) {
      err.println("leash: " + Untrusted.text(u.getMessage()));
      return u.exitCode();
    }
    err.println("leash: " + Untrusted.text(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
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
