package dev.leash.examples.readme;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Extracts the {@code ```java} blocks of a Markdown file and compiles each with javac against the test classpath.
 *
 * <p>Each snippet becomes one compilation unit: {@link #IMPORTS} and then either the snippet as it is (when it
 * declares a top-level class, record, interface or enum) or a class {@code Snippet_L<line> extends ReadmeScaffold}
 * whose method body is the snippet, with the parameters {@link #PARAMETERS}. The method is first tried as
 * {@code void run(...) throws Exception}; if javac then says the snippet returns a value, as
 * {@code Object run(...) throws Exception}. Nothing else is added or changed.
 */
final class ReadmeSnippets {
  /** The imports every snippet gets: what a reader of the README is assumed to have imported. */
  static final String IMPORTS = """
      import dev.leash.*;
      import dev.leash.junit.*;
      import org.junit.jupiter.api.*;
      import java.io.*;
      import java.time.*;
      import java.util.*;
      import java.util.concurrent.*;
      import java.util.function.*;
      """;

  /** The variables a statement snippet may use: the parameters of the method it is the body of. */
  static final String PARAMETERS = "Context ctx, List<String> urls, Order order";

  private static final Pattern WHOLE_TYPE = Pattern.compile(
      "(?m)^(@\\w+(\\([^)]*\\))?\\s+)*((public|abstract|final|sealed)\\s+)*(class|record|interface|enum)\\s+\\w+");

  /** A {@code ```java} block: its code and the README line of its first code line. */
  record Snippet(int line, String code) {}

  /** One compiler message about a snippet, with the README line it points at. */
  record Problem(int readmeLine, String message) {
    @Override
    public String toString() {
      return "README.md line " + readmeLine + ": " + message;
    }
  }

  private ReadmeSnippets() {}

  /** Every {@code ```java} block of {@code markdown}, in order. */
  static List<Snippet> extract(String markdown) {
    List<Snippet> out = new ArrayList<>();
    String[] lines = markdown.split("\r?\n", -1);
    StringBuilder code = null;
    int start = 0;
    for (int i = 0; i < lines.length; i++) {
      String trimmed = lines[i].strip();
      if (code == null) {
        if (trimmed.equals("```java")) {
          code = new StringBuilder();
          start = i + 2; // 1-based number of the line after the fence
        }
      } else if (trimmed.startsWith("```")) {
        out.add(new Snippet(start, code.toString()));
        code = null;
      } else {
        code.append(lines[i]).append('\n');
      }
    }
    if (code != null) {
      throw new IllegalArgumentException("the ```java block opened at line " + (start - 1) + " is never closed");
    }
    return out;
  }

  /**
   * The README of the repository: {@code ../README.md} from the module directory (where Maven runs the tests), or
   * {@code README.md} when run from the repository root.
   *
   * @throws AssertionError naming the places looked at if there is none
   */
  static Path findReadme() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p : List.of(here.resolveSibling("README.md"), here.resolve("README.md"))) {
      if (Files.isRegularFile(p) && Files.isRegularFile(p.resolveSibling("pom.xml"))
          && Files.isDirectory(p.resolveSibling("leash-core"))) {
        return p;
      }
    }
    throw new AssertionError("README.md of the repository not found: looked for " + here.resolveSibling("README.md")
        + " and " + here.resolve("README.md") + " (run the test from the leash-examples module or the repo root)");
  }

  /** Compiles {@code s}; the problems javac reports, empty when it compiles. */
  static List<Problem> compile(Snippet s) throws IOException {
    if (WHOLE_TYPE.matcher(s.code()).find()) {
      return run(s, IMPORTS + s.code(), countLines(IMPORTS), className(s.code()));
    }
    String name = "Snippet_L" + s.line();
    String head = IMPORTS + "class " + name + " extends dev.leash.examples.readme.ReadmeScaffold {\n";
    List<Problem> asVoid = run(s, head + "  void run(" + PARAMETERS + ") throws Exception {\n" + s.code() + "  }\n}\n",
        countLines(head) + 1, name);
    if (asVoid.stream().anyMatch(p -> p.message().contains("unexpected return value"))) {
      return run(s, head + "  Object run(" + PARAMETERS + ") throws Exception {\n" + s.code() + "  }\n}\n",
          countLines(head) + 1, name);
    }
    return asVoid;
  }

  private static List<Problem> run(Snippet s, String source, int linesBefore, String className) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError("no system Java compiler: run the tests on a JDK, not a JRE");
    }
    Path out = Files.createTempDirectory("readme-snippet");
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diags, Locale.ROOT, null)) {
      JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
          "-proc:none", "-Xlint:none");
      javac.getTask(null, files, diags, options, null, List.of(unit)).call();
    } finally {
      deleteTree(out);
    }
    List<Problem> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      long line = d.getLineNumber();
      int readmeLine = line > linesBefore ? s.line() + (int) (line - linesBefore - 1) : s.line();
      problems.add(new Problem(readmeLine, d.getMessage(Locale.ROOT).replace('\n', ' ')));
    }
    return problems;
  }

  private static String className(String code) {
    var m = Pattern.compile("\\b(class|record|interface|enum)\\s+(\\w+)").matcher(code);
    return m.find() ? m.group(2) : "Snippet";
  }

  private static int countLines(String s) {
    return (int) s.chars().filter(c -> c == '\n').count();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
