package dev.leash.examples.http;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@code graceful-http}: {@code [--port N] [--drain DURATION] [--leaky]}.
 *
 * @param port the TCP port, 0 for any free port
 * @param drain how long in-flight requests get to finish after SIGTERM or SIGINT
 * @param leaky whether to run the leaky version ({@link LeakyHttpServer}) instead
 */
public record HttpOptions(int port, Duration drain, boolean leaky) {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /** The defaults: port 8080, drain budget 30 s, the Leash version. */
  public static HttpOptions defaults() {
    return new HttpOptions(8080, Duration.ofSeconds(30), false);
  }

  /**
   * Parses {@code --port N}, {@code --drain DURATION} (also as {@code --port=N}) and {@code --leaky}; a duration is a
   * whole number followed by {@code ms}, {@code s}, {@code m} or {@code h}, e.g. {@code 30s} or {@code 500ms}.
   *
   * @throws IllegalArgumentException naming the option: unknown option, missing value, bad port or bad duration
   */
  public static HttpOptions parse(String... args) {
    int port = defaults().port();
    Duration drain = defaults().drain();
    boolean leaky = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--leaky")) {
        leaky = true;
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!name.equals("--port") && !name.equals("--drain")) {
        throw new IllegalArgumentException(
            "unknown option '" + arg + "' (options: --port N, --drain DURATION, --leaky)");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args[++i];
      }
      if (name.equals("--port")) {
        port = port(value);
      } else {
        drain = duration(name, value);
      }
    }
    return new HttpOptions(port, drain, leaky);
  }

  private static int port(String value) {
    try {
      int p = Integer.parseInt(value);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + value + "'");
  }

  private static Duration duration(String option, String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          option + " must be a duration such as 30s, 500ms or 2m, was '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
