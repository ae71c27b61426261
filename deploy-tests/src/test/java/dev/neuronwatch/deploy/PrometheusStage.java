package dev.neuronwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stages the committed Prometheus configuration for a run outside docker compose (a test with the
 * real binaries on loopback): copies {@code prometheus.yml} and its rule files unchanged into a
 * directory and writes that directory's own file_sd target files. The configuration names its
 * targets only through those files, so the staged copy differs from the compose stack in the
 * addresses alone.
 *
 * <pre>{@code
 * Path config = PrometheusStage.stage(RepoFiles.prometheusConfig(), tempDir,
 *     "127.0.0.1:" + serverPort, "127.0.0.1:" + alertmanagerPort);
 * // prometheus --config.file=<config> ...
 * }</pre>
 */
final class PrometheusStage {
  /** The scrape job of the Neuronwatch server. */
  static final String SCRAPE_JOB = "neuronwatch";

  private static final Pattern ADDRESS =
      Pattern.compile("(\\[[0-9A-Fa-f:]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*):[0-9]{1,5}");

  private PrometheusStage() {}

  /**
   * Copies {@code committedConfig} and the rule files it names into {@code into}, and writes the
   * file_sd files it names with the given {@code host:port} addresses. Returns the staged config.
   */
  static Path stage(
      Path committedConfig, Path into, String neuronwatchAddress, String alertmanagerAddress) {
    requireAddress("neuronwatchAddress", neuronwatchAddress);
    requireAddress("alertmanagerAddress", alertmanagerAddress);
    Path committedDir = committedConfig.toAbsolutePath().normalize().getParent();
    Path stagedDir = into.toAbsolutePath().normalize();
    if (stagedDir.equals(committedDir)) {
      throw new IllegalArgumentException("into: must not be the committed directory " + stagedDir);
    }
    JsonNode config = Documents.yaml(committedConfig);
    try {
      Path staged = copy(committedConfig, stagedDir.resolve(committedConfig.getFileName()));
      for (String ruleFile : ruleFiles(config)) {
        copy(committedDir.resolve(ruleFile), stagedDir.resolve(ruleFile));
      }
      writeTargets(stagedDir.resolve(scrapeTargetsFile(config)), neuronwatchAddress);
      writeTargets(stagedDir.resolve(alertmanagerTargetsFile(config)), alertmanagerAddress);
      return staged;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rule files the configuration loads, relative to it. */
  static List<String> ruleFiles(JsonNode config) {
    List<String> files = new ArrayList<>();
    config.path("rule_files").forEach(f -> files.add(relativePlainPath("rule_files", f.asText())));
    return files;
  }

  /** The one file_sd file that lists the Neuronwatch server for the {@value #SCRAPE_JOB} job. */
  static String scrapeTargetsFile(JsonNode config) {
    for (JsonNode job : config.path("scrape_configs")) {
      if (SCRAPE_JOB.equals(job.path("job_name").asText())) {
        return onlyFile("scrape_configs[" + SCRAPE_JOB + "]", job.path("file_sd_configs"));
      }
    }
    throw new IllegalArgumentException("scrape_configs: no job named " + SCRAPE_JOB);
  }

  /** The one file_sd file that lists Alertmanager. */
  static String alertmanagerTargetsFile(JsonNode config) {
    List<String> files = new ArrayList<>();
    for (JsonNode alertmanager : config.path("alerting").path("alertmanagers")) {
      files.add(onlyFile("alerting.alertmanagers", alertmanager.path("file_sd_configs")));
    }
    if (files.size() != 1) {
      throw new IllegalArgumentException(
          "alerting.alertmanagers: expected one file_sd file, found " + files);
    }
    return files.get(0);
  }

  private static String onlyFile(String where, JsonNode fileSdConfigs) {
    List<String> files = new ArrayList<>();
    fileSdConfigs.forEach(sd -> sd.path("files").forEach(f -> files.add(f.asText())));
    if (files.size() != 1) {
      throw new IllegalArgumentException(where + ": expected one file_sd file, found " + files);
    }
    return relativePlainPath(where, files.get(0));
  }

  private static String relativePlainPath(String where, String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("*") || path.contains("..")) {
      throw new IllegalArgumentException(
          where + ": '" + path + "' must be a relative path without globs or '..'");
    }
    return path;
  }

  private static void requireAddress(String name, String address) {
    if (address == null || !ADDRESS.matcher(address).matches()) {
      throw new IllegalArgumentException(name + ": expected host:port, was '" + address + "'");
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeTargets(Path file, String address) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "- targets:\n    - '" + address + "'\n", StandardCharsets.UTF_8);
  }
}
