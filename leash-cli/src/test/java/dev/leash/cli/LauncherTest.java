package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./leash launcher script, run with a PATH and JAVA_HOME that hold no usable JDK. */
class LauncherTest {

  @Test
  void withoutAJdkItSaysWhatItNeedsInOneLineAndExits2(@TempDir Path empty) throws Exception {
    Path script = Path.of("..", "leash").toAbsolutePath().normalize();
    assertThat(script).exists();
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString(), "--version");
    pb.environment().put("PATH", "/usr/bin" + File.pathSeparator + "/bin");
    pb.environment().put("JAVA_HOME", empty.toString());
    pb.environment().put("LEASH_JDK_DIRS", empty.resolve("*").toString());
    pb.redirectErrorStream(false);
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean javaOnPath = Files.isExecutable(Path.of("/usr/bin/java"));
    if (javaOnPath && javaMajor() >= 21) {
      // A JDK >= 21 on the system PATH is a legitimate find: then the launcher must run the CLI instead.
      assertThat(p.exitValue()).isZero();
      return;
    }
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.lines()).hasSize(1);
    assertThat(err).startsWith("leash: no JDK 21 or newer found").contains("JAVA_HOME");
  }

  private static int javaMajor() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/java", "-version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("version \"(\\d+)").matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
