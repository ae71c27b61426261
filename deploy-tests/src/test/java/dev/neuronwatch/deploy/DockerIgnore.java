package dev.neuronwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of a {@code .dockerignore} file and whether they keep a path out of the build
 * context: the last matching pattern wins, {@code !} re-includes, a pattern matching a directory
 * excludes everything under it, and a leading {@code **}{@code /} also matches at the top.
 *
 * <pre>{@code
 * DockerIgnore.read(RepoFiles.dockerignore()).excludes("cli/target/neuronwatch.jar");  // true
 * }</pre>
 */
final class DockerIgnore {
  private record Rule(PathMatcher matcher, PathMatcher topLevel, boolean include) {}

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  static DockerIgnore read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DockerIgnore parse(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    for (String line : lines) {
      String pattern = line.trim();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      boolean include = pattern.startsWith("!");
      pattern = (include ? pattern.substring(1) : pattern).replaceAll("^/+|/+$", "");
      PathMatcher topLevel = pattern.startsWith("**/") ? glob(pattern.substring(3)) : glob(pattern);
      rules.add(new Rule(glob(pattern), topLevel, include));
    }
    return new DockerIgnore(rules);
  }

  /** Whether {@code relativePath} (with / separators) stays out of the build context. */
  boolean excludes(String relativePath) {
    boolean excluded = false;
    Path path = Path.of(relativePath);
    for (Rule rule : rules) {
      if (matchesItselfOrAParent(rule, path)) {
        excluded = !rule.include();
      }
    }
    return excluded;
  }

  private static boolean matchesItselfOrAParent(Rule rule, Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      if (rule.matcher().matches(p) || rule.topLevel().matches(p)) {
        return true;
      }
    }
    return false;
  }

  private static PathMatcher glob(String pattern) {
    return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
  }
}
