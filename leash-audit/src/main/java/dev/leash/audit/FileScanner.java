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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads, parses and analyses one file at a time. Not thread-safe: each worker owns one. Never throws for a bad file:
 * anything that cannot be read or parsed yields an unparsed result.
 */
final class FileScanner {
  private static final Pattern EXTENDS = Pattern.compile(
      "\\bclass\\s+(\\w+)\\s*(?:<(?:[^<>{]|<(?:[^<>{]|<[^<>{]*>)*>)*>)?\\s*extends\\s+([\\w.]+)");

  private final JavaParser parser;
  private final Set<String> threadClasses;

  FileScanner(Set<String> threadClasses) {
    this.threadClasses = threadClasses;
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

  /** Adds {@code class X extends Y} pairs (simple names) found in the text to {@code out}. */
  static void superclasses(String text, Map<String, String> out) {
    if (text == null || !text.contains("extends")) {
      return;
    }
    Matcher m = EXTENDS.matcher(text);
    while (m.find()) {
      String parent = m.group(2);
      out.put(m.group(1), parent.substring(parent.lastIndexOf('.') + 1));
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

  FileResult scan(String relative, Path file) {
    String text = read(file);
    if (text == null) {
      return FileResult.unparsed(relative, 0);
    }
    long lines = countLines(text);
    try {
      if (text.indexOf('\0') >= 0) {
        return FileResult.unparsed(relative, lines);
      }
      ParseResult<CompilationUnit> parsed = parser.parse(text);
      if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
        return FileResult.unparsed(relative, lines);
      }
      CompilationUnit cu = parsed.getResult().get();
      List<Site> sites = new SpawnAnalyzer(cu, relative, threadClasses).sites();
      Suppressions sup = new Suppressions(text.split("\r\n|\r|\n", -1));
      List<Finding> findings = new RuleChecker(cu, relative, sites, sup).check();
      List<SpawnSite> out = new ArrayList<>(sites.size());
      sites.forEach(s -> out.add(s.site()));
      return new FileResult(relative, lines, true, out, findings);
    } catch (RuntimeException | StackOverflowError e) {
      return FileResult.unparsed(relative, lines);
    }
  }
}
