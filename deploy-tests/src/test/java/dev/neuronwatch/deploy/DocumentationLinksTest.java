package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the reference under {@code docs/} link to one another and to the rest of the
 * repository: every relative link of every Markdown file must lead to a file that exists, and every
 * {@code #anchor} to a heading of the file it names.
 */
class DocumentationLinksTest {

  @Test
  void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path file : markdownFiles()) {
      for (MarkdownFile.Link link : MarkdownFile.read(file).links()) {
        String target = link.target();
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
          continue; // http:, https:, mailto: are not files of the repository
        }
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        String where = RepoFiles.root().relativize(file) + " -> " + target;
        if (!Files.exists(resolved)) {
          broken.add(where + " (no such file)");
        } else if (!anchor.isEmpty()
            && resolved.toString().endsWith(".md")
            && !MarkdownFile.read(resolved).anchors().contains(anchor)) {
          broken.add(where + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void theReadmeLinksEveryPageOfTheReference() throws IOException {
    List<String> readmeLinks =
        MarkdownFile.read(RepoFiles.root().resolve("README.md")).links().stream()
            .map(MarkdownFile.Link::target)
            .toList();
    try (Stream<Path> pages = Files.list(RepoFiles.root().resolve("docs"))) {
      List<String> docs =
          pages
              .map(p -> "docs/" + p.getFileName())
              .filter(p -> p.endsWith(".md"))
              .sorted()
              .toList();
      assertThat(docs).isNotEmpty();
      assertThat(docs)
          .allSatisfy(
              page -> assertThat(readmeLinks).anySatisfy(l -> assertThat(l).startsWith(page)));
    }
  }

  private static List<Path> markdownFiles() throws IOException {
    try (Stream<Path> files = Files.walk(RepoFiles.root())) {
      return files
          .filter(f -> f.toString().endsWith(".md"))
          .filter(
              f -> {
                String rel = RepoFiles.root().relativize(f).toString();
                return !rel.startsWith(".")
                    && !rel.contains("/target/")
                    && !rel.startsWith("target/")
                    && !rel.contains("node_modules")
                    && !rel.contains("/vendor/");
              })
          .sorted()
          .toList();
    }
  }
}
