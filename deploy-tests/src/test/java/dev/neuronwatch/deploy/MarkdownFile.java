package dev.neuronwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file of the repository: the anchors its headings make (as GitHub makes them) and the
 * links it holds, outside code blocks.
 *
 * <pre>{@code
 * MarkdownFile readme = MarkdownFile.read(RepoFiles.root().resolve("README.md"));
 * readme.anchors(); // "two-commands", "alert-neuronwatchdyingrelu", ...
 * }</pre>
 */
final class MarkdownFile {
  private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

  /** A link as written, with the file it was found in. */
  record Link(Path from, String target) {}

  private final Path path;
  private final Set<String> anchors;
  private final List<Link> links;

  private MarkdownFile(Path path, Set<String> anchors, List<Link> links) {
    this.path = path;
    this.anchors = anchors;
    this.links = links;
  }

  static MarkdownFile read(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> anchors = new LinkedHashSet<>();
    List<Link> links = new ArrayList<>();
    boolean inCode = false;
    for (String line : lines) {
      if (line.stripLeading().startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        continue;
      }
      if (line.matches("^#{1,6} .*")) {
        anchors.add(anchor(line.replaceFirst("^#+\\s*", "")));
      }
      for (Pattern p : List.of(LINK, IMAGE)) {
        Matcher m = p.matcher(line.replaceAll("`[^`]*`", ""));
        while (m.find()) {
          links.add(new Link(path, m.group(1)));
        }
      }
    }
    return new MarkdownFile(path, anchors, links);
  }

  /** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as dashes. */
  static String anchor(String heading) {
    return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  Path path() {
    return path;
  }

  Set<String> anchors() {
    return anchors;
  }

  List<Link> links() {
    return links;
  }
}
