package dev.leash.audit;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.ast.CompilationUnit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Reads, parses and analyses one file at a time. Not thread-safe: each worker owns one. Never throws for a bad file:
 * anything that cannot be read or parsed yields an unparsed result.
 */
final class FileScanner {
  /** Files above this size are not analysed (generated code): bounds one file's time and memory. */
  static final long MAX_BYTES = 4L << 20;

  private final JavaParser parser;
  private final Set<String> threadClasses;
  private final Map<String, SortedSet<SpawnKind>> factories;

  FileScanner(Set<String> threadClasses, Map<String, SortedSet<SpawnKind>> factories) {
    this.threadClasses = threadClasses;
    this.factories = factories;
    ParserConfiguration config = new ParserConfiguration()
        .setLanguageLevel(LanguageLevel.JAVA_21)
        .setAttributeComments(false);
    this.parser = new JavaParser(config);
  }

  /** Reads a file as UTF-8, falling back to ISO-8859-1 for bytes that are not UTF-8; null if unreadable. */
  static String read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  static long countLines(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return text.charAt(text.length() - 1) == '\n' ? n : n + 1;
  }

  /** The text of a file for both passes, or null with {@code why[0]} set when it cannot be analysed. */
  static String readBounded(Path file, String[] why) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        why[0] = String.format(java.util.Locale.ROOT, "too large to analyse (%,d bytes; the limit is %,d)", size,
            MAX_BYTES);
        return null;
      }
    } catch (IOException | RuntimeException e) {
      why[0] = "cannot be read: " + e.getClass().getSimpleName();
      return null;
    }
    String text = read(file);
    if (text == null) {
      why[0] = "cannot be read";
    }
    return text;
  }

  FileResult scan(String relative, Path file) {
    String[] why = new String[1];
    String text = readBounded(file, why);
    if (text == null) {
      return FileResult.unparsed(relative, 0, why[0]);
    }
    long lines = countLines(text);
    try {
      if (text.indexOf('\0') >= 0) {
        return FileResult.unparsed(relative, lines, "binary content (NUL bytes)");
      }
      ParseResult<CompilationUnit> parsed = parser.parse(text);
      if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
        String problem = parsed.getProblems().isEmpty() ? "syntax error" : parsed.getProblems().get(0).getMessage();
        problem = problem.lines().findFirst().orElse("syntax error");
        return FileResult.unparsed(relative, lines, "does not parse: "
            + (problem.length() > 160 ? problem.substring(0, 157) + "..." : problem));
      }
      CompilationUnit cu = parsed.getResult().get();
      Index idx = new Index(cu);
      NameContext top = FactCollector.context(cu);
      SpawnAnalyzer spawns = new SpawnAnalyzer(cu, idx, relative, threadClasses, top, factories);
      List<Site> sites = spawns.sites();
      Suppressions sup = new Suppressions(text.split("\r\n|\r|\n", -1));
      RuleChecker rules = new RuleChecker(cu, idx, relative, sup);
      List<Finding> findings = rules.check();
      List<PendingSite> out = new ArrayList<>(sites.size());
      for (Site s : sites) {
        out.add(new PendingSite(s.site(), s.targets(), s.threadType(), s.ctx(), rules.ifNoStop(s), s.taskType()));
      }
      List<CallSite> calls = spawns.calls(rules::ifNoStop);
      List<TypeFacts> types = FactCollector.collect(cu, idx, relative, top);
      return new FileResult(relative, lines, null, out, calls, types, findings);
    } catch (StackOverflowError e) {
      return FileResult.unparsed(relative, lines, "too deeply nested to analyse (stack overflow)");
    } catch (OutOfMemoryError e) {
      return FileResult.unparsed(relative, lines, "too large to analyse in this heap (out of memory)");
    } catch (RuntimeException e) {
      return FileResult.unparsed(relative, lines, "analysis failed: " + e.getClass().getSimpleName());
    }
  }
}
