package dev.neuronwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The deployment files under test, located from the working directory (this module or the
 * repository root), so every test reads the committed files themselves, never copies.
 *
 * <pre>{@code
 * JsonNode compose = Documents.yaml(RepoFiles.compose());
 * }</pre>
 */
final class RepoFiles {
  private static final Path ROOT = findRoot(Path.of("").toAbsolutePath());

  private RepoFiles() {}

  static Path root() {
    return ROOT;
  }

  static Path compose() {
    return ROOT.resolve("docker-compose.yml");
  }

  static Path dockerfile() {
    return ROOT.resolve("Dockerfile");
  }

  static Path dockerignore() {
    return ROOT.resolve(".dockerignore");
  }

  static Path rootPom() {
    return ROOT.resolve("pom.xml");
  }

  static Path prometheusConfig() {
    return ROOT.resolve("deploy/prometheus/prometheus.yml");
  }

  static Path rules() {
    return ROOT.resolve("deploy/prometheus/rules/neuronwatch-rules.yml");
  }

  static Path rulesTest() {
    return ROOT.resolve("deploy/prometheus/rules/neuronwatch-rules.test.yml");
  }

  /**
   * The document whose tables list the configuration settings and their defaults: the agent's
   * settings table and the server's example configuration file.
   */
  /** The server's settings and its example configuration file. */
  static Path configurationDoc() {
    return ROOT.resolve("docs/configuration.md");
  }

  /** The agent's settings table. */
  static Path agentDoc() {
    return ROOT.resolve("docs/agent.md");
  }

  static Path deployReadme() {
    return ROOT.resolve("deploy/README.md");
  }

  static Path alertmanagerConfig() {
    return ROOT.resolve("deploy/alertmanager/alertmanager.yml");
  }

  static Path grafanaDatasources() {
    return ROOT.resolve("dashboards/provisioning/datasources/prometheus.yml");
  }

  static Path grafanaDashboardProviders() {
    return ROOT.resolve("dashboards/provisioning/dashboards/neuronwatch.yml");
  }

  /** Every Grafana dashboard JSON in {@code dashboards/}. */
  static List<Path> dashboards() {
    try (Stream<Path> files = Files.list(ROOT.resolve("dashboards"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))
          && Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (a directory with mvnw and docker-compose.yml) above " + start);
  }
}
