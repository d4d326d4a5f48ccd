package dev.leash.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.examples.readme.ReadmeSnippets.Problem;
import dev.leash.examples.readme.ReadmeSnippets.Snippet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every {@code ```java} block of the README compiles against Leash as printed (see {@link ReadmeSnippets}). */
class ReadmeSnippetsTest {

  @Test
  void everyJavaSnippetOfTheReadmeCompiles() throws Exception {
    Path readme = ReadmeSnippets.findReadme();
    List<Snippet> snippets = ReadmeSnippets.extract(Files.readString(readme));
    assertThat(snippets).as("```java blocks in %s", readme).isNotEmpty();
    List<Problem> problems = new ArrayList<>();
    for (Snippet s : snippets) {
      problems.addAll(ReadmeSnippets.compile(s));
    }
    assertThat(problems).as("compiler errors in the README's snippets (%s)", readme).isEmpty();
  }

  @Test
  void extractFindsEachJavaBlockWithTheLineOfItsFirstCodeLine() {
    String md = """
        # Title
        ```sh
        ./leash example
        ```
        text
        ```java
        int a = 1;
        int b = 2;
        ```
          ```java
          class X {}
          ```
        """;
    assertThat(ReadmeSnippets.extract(md)).containsExactly(
        new Snippet(7, "int a = 1;\nint b = 2;\n"), new Snippet(11, "  class X {}\n"));
    assertThatThrownBy(() -> ReadmeSnippets.extract("```java\nint a;\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
  }

  @Test
  void aBrokenSnippetIsReportedWithItsReadmeLine() throws Exception {
    List<Problem> problems = ReadmeSnippets.compile(new Snippet(40, """
        try (TaskGroup g = TaskGroup.open(ctx)) {
          g.go(c -> fetch(c, urls.get(0)));
          g.await(...);
        }
        """));
    assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.readmeLine()).isEqualTo(42));
    assertThat(problems.get(0).toString()).startsWith("README.md line 42: ");
  }

  @Test
  void anUnknownNameOrAWrongApiFailsToo() throws Exception {
    assertThat(ReadmeSnippets.compile(new Snippet(10, "pool.submitAll(ctx, orders);\n")))
        .extracting(Problem::readmeLine).containsOnly(10);
    assertThat(ReadmeSnippets.compile(new Snippet(20, "TaskGroup g = TaskGroup.open(ctx, 3);\ng.close();\n")))
        .extracting(Problem::readmeLine).containsOnly(20);
  }

  @Test
  void validSnippetsCompileAsStatementsReturningCodeOrWholeClasses() throws Exception {
    assertThat(ReadmeSnippets.compile(new Snippet(1, "try (TaskGroup g = TaskGroup.open(ctx)) {\n  g.go(c -> {});\n}\n")))
        .isEmpty();
    assertThat(ReadmeSnippets.compile(new Snippet(1, "return urls.size();\n"))).isEmpty();
    assertThat(ReadmeSnippets.compile(new Snippet(1, """
        @LeakCheck
        class SomeTest {
          @Test void ok() {}
        }
        """))).isEmpty();
  }
}
