package dev.leash.audit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lists the {@code .java} files under a directory. Skips build output ({@code target}, {@code build}) and hidden
 * directories, and follows no symbolic link inside the tree, so link loops cannot trap the walk. Unreadable directories are skipped.
 */
final class SourceTree {
  private static final Set<String> SKIPPED = Set.of("target", "build", "node_modules");

  private SourceTree() {}

  /**
   * The directory to walk: the real path of {@code dir}, so that a root given as a symbolic link to a directory is
   * followed (links inside the tree still are not).
   */
  static Path root(Path dir) throws IOException {
    return dir.toRealPath();
  }

  static List<Path> javaFiles(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) {
          return FileVisitResult.CONTINUE;
        }
        String name = dir.getFileName().toString();
        return SKIPPED.contains(name) || name.startsWith(".")
            ? FileVisitResult.SKIP_SUBTREE
            : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".java")) {
          out.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }
}
