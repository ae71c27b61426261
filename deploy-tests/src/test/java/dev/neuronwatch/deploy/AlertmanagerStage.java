package dev.neuronwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stages the committed Alertmanager configuration for a run outside docker compose: the same text
 * with every webhook receiver's URL pointed at the given one (the test's own receiver on loopback),
 * nothing else changed. The committed URL is an example to be replaced anyway; routing, grouping
 * and inhibition are what the test exercises, and those stay as committed.
 *
 * <pre>{@code
 * Path config = AlertmanagerStage.stage(RepoFiles.alertmanagerConfig(), tempDir,
 *     "http://127.0.0.1:" + port + "/neuronwatch");
 * // prometheus-alertmanager --config.file=<config> ...
 * }</pre>
 */
final class AlertmanagerStage {
  private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s'\"]+");

  private AlertmanagerStage() {}

  /** Writes the staged copy into {@code into} under the committed file name and returns it. */
  static Path stage(Path committedConfig, Path into, String webhookUrl) {
    if (webhookUrl == null || !HTTP_URL.matcher(webhookUrl).matches()) {
      throw new IllegalArgumentException(
          "webhookUrl: expected an http(s) URL, was '" + webhookUrl + "'");
    }
    Path committedDir = committedConfig.toAbsolutePath().normalize().getParent();
    Path stagedDir = into.toAbsolutePath().normalize();
    if (stagedDir.equals(committedDir)) {
      throw new IllegalArgumentException("into: must not be the committed directory " + stagedDir);
    }
    try {
      String text = Files.readString(committedConfig, StandardCharsets.UTF_8);
      List<String> urls = webhookUrls(Documents.yaml(committedConfig));
      if (urls.isEmpty()) {
        throw new IllegalArgumentException(
            "receivers: no webhook_configs url to point at " + webhookUrl);
      }
      for (String url : urls) {
        text = text.replace(url, webhookUrl);
      }
      Files.createDirectories(stagedDir);
      Path staged = stagedDir.resolve(committedConfig.getFileName());
      Files.writeString(staged, text, StandardCharsets.UTF_8);
      requireOnlyUrlsChanged(committedConfig, staged, webhookUrl);
      return staged;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every webhook URL of every receiver, in file order. */
  static List<String> webhookUrls(JsonNode config) {
    List<String> urls = new ArrayList<>();
    for (JsonNode receiver : config.path("receivers")) {
      for (JsonNode webhook : receiver.path("webhook_configs")) {
        urls.add(webhook.path("url").asText());
      }
    }
    return urls;
  }

  /**
   * A committed URL that also appears elsewhere in the file (a comment aside) would be replaced
   * there too; parse both and insist the trees differ in the webhook URLs alone.
   */
  private static void requireOnlyUrlsChanged(Path committed, Path staged, String webhookUrl) {
    JsonNode expected = Documents.yaml(committed).deepCopy();
    for (JsonNode receiver : expected.path("receivers")) {
      for (JsonNode webhook : receiver.path("webhook_configs")) {
        ((ObjectNode) webhook).put("url", webhookUrl);
      }
    }
    if (!expected.equals(Documents.yaml(staged))) {
      throw new IllegalStateException(
          "staging changed more than the webhook URLs of " + committed + "; see " + staged);
    }
  }
}
