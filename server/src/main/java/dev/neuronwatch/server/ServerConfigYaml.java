package dev.neuronwatch.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.neuronwatch.server.rules.RuleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@link ServerConfig} from YAML, key by key, so that every error names its key. The tokens
 * are deliberately not among the keys: secrets stay out of configuration files.
 */
final class ServerConfigYaml {
  private static final ObjectMapper YAML = new YAMLMapper();

  /** Sets one value on a builder; {@code key} is the full dotted key, for messages. */
  private interface Setter<B> {
    void set(B builder, JsonNode value, String key);
  }

  private static final Map<String, Setter<ServerConfig.Builder>> SERVER = new LinkedHashMap<>();
  private static final Map<String, Setter<RuleSettings.Builder>> RULES = new LinkedHashMap<>();

  static {
    SERVER.put("host", (b, v, k) -> b.host(text(v, k)));
    SERVER.put("port", (b, v, k) -> b.port(integer(v, k)));
    SERVER.put("maxBodyBytes", (b, v, k) -> b.maxBodyBytes(integer(v, k)));
    SERVER.put("resolvedAlertsKept", (b, v, k) -> b.resolvedAlertsKept(integer(v, k)));
    SERVER.put("maxRuns", (b, v, k) -> b.maxRuns(integer(v, k)));
    SERVER.put("maxLayersPerRun", (b, v, k) -> b.maxLayersPerRun(integer(v, k)));
    SERVER.put("maxStoredLayers", (b, v, k) -> b.maxStoredLayers(integer(v, k)));
    SERVER.put("dataDir", (b, v, k) -> b.dataDir(java.nio.file.Path.of(text(v, k))));
    SERVER.put("rateLimit", (b, v, k) -> b.rateLimit(number(v, k)));
    SERVER.put("rateBurst", (b, v, k) -> b.rateBurst(integer(v, k)));
    SERVER.put("runTtl", (b, v, k) -> b.runTtl(duration(v, k)));
    SERVER.put("stoppedRunTtl", (b, v, k) -> b.stoppedRunTtl(duration(v, k)));
    SERVER.put("sweepInterval", (b, v, k) -> b.sweepInterval(duration(v, k)));
    SERVER.put("shutdownTimeout", (b, v, k) -> b.shutdownTimeout(duration(v, k)));
    SERVER.put("bodyReadTimeout", (b, v, k) -> b.bodyReadTimeout(duration(v, k)));
    SERVER.put("maxConnectionsPerAddress", (b, v, k) -> b.maxConnectionsPerAddress(integer(v, k)));
    RULES.put("hold", (b, v, k) -> b.hold(integer(v, k)));
    RULES.put("resolveHold", (b, v, k) -> b.resolveHold(integer(v, k)));
    RULES.put("nonFiniteHold", (b, v, k) -> b.nonFiniteHold(integer(v, k)));
    RULES.put("lossSpikeHold", (b, v, k) -> b.lossSpikeHold(integer(v, k)));
    RULES.put("deadUnitRatio", (b, v, k) -> b.deadUnitRatio(number(v, k)));
    RULES.put("deadUnitClearRatio", (b, v, k) -> b.deadUnitClearRatio(number(v, k)));
    RULES.put("vanishingDepthRatio", (b, v, k) -> b.vanishingDepthRatio(number(v, k)));
    RULES.put("vanishingDepthClearRatio", (b, v, k) -> b.vanishingDepthClearRatio(number(v, k)));
    RULES.put("vanishingMeanAbs", (b, v, k) -> b.vanishingMeanAbs(number(v, k)));
    RULES.put("vanishingMeanAbsClear", (b, v, k) -> b.vanishingMeanAbsClear(number(v, k)));
    RULES.put("vanishingDecayRatio", (b, v, k) -> b.vanishingDecayRatio(number(v, k)));
    RULES.put("vanishingDecayClearRatio", (b, v, k) -> b.vanishingDecayClearRatio(number(v, k)));
    RULES.put("stalledLossRatio", (b, v, k) -> b.stalledLossRatio(number(v, k)));
    RULES.put("explodingGrowthRatio", (b, v, k) -> b.explodingGrowthRatio(number(v, k)));
    RULES.put("explodingGrowthClearRatio", (b, v, k) -> b.explodingGrowthClearRatio(number(v, k)));
    RULES.put("explodingDepthRatio", (b, v, k) -> b.explodingDepthRatio(number(v, k)));
    RULES.put("explodingDepthClearRatio", (b, v, k) -> b.explodingDepthClearRatio(number(v, k)));
    RULES.put("saturationRatio", (b, v, k) -> b.saturationRatio(number(v, k)));
    RULES.put("saturationClearRatio", (b, v, k) -> b.saturationClearRatio(number(v, k)));
    RULES.put("activationGain", (b, v, k) -> b.activationGain(number(v, k)));
    RULES.put("activationGainClear", (b, v, k) -> b.activationGainClear(number(v, k)));
    RULES.put("includeSoftmax", (b, v, k) -> b.includeSoftmax(bool(v, k)));
    RULES.put("lossSpikeSigma", (b, v, k) -> b.lossSpikeSigma(number(v, k)));
    RULES.put("lossSpikeClearSigma", (b, v, k) -> b.lossSpikeClearSigma(number(v, k)));
    RULES.put("lossSpikeRatio", (b, v, k) -> b.lossSpikeRatio(number(v, k)));
    RULES.put("lossSpikeClearRatio", (b, v, k) -> b.lossSpikeClearRatio(number(v, k)));
    RULES.put("lossSpikeOfFirst", (b, v, k) -> b.lossSpikeOfFirst(number(v, k)));
    RULES.put("lossSpikeClearOfFirst", (b, v, k) -> b.lossSpikeClearOfFirst(number(v, k)));
    RULES.put("lossSpikeMinCount", (b, v, k) -> b.lossSpikeMinCount(integer(v, k)));
    RULES.put("lossSpikeResolveSteps", (b, v, k) -> b.lossSpikeResolveSteps(integer(v, k)));
    RULES.put("frozenUpdateRatio", (b, v, k) -> b.frozenUpdateRatio(number(v, k)));
    RULES.put("frozenUpdateClearRatio", (b, v, k) -> b.frozenUpdateClearRatio(number(v, k)));
  }

  private ServerConfigYaml() {}

  static ServerConfig read(Path file) throws IOException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = YAML.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The rule keys the file accepts, in order. */
  static Iterable<String> ruleKeys() {
    return RULES.keySet();
  }

  static ServerConfig parse(JsonNode root) {
    ServerConfig.Builder server = ServerConfig.builder();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return server.build();
    }
    requireMapping(root, "the document");
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      if (entry.getKey().equals("rules")) {
        server.rules(rules(entry.getValue()));
      } else {
        setter(SERVER, entry.getKey(), "", "rules").set(server, entry.getValue(), entry.getKey());
      }
    }
    return server.build();
  }

  private static RuleSettings rules(JsonNode node) {
    RuleSettings.Builder rules = RuleSettings.builder();
    if (node.isNull()) {
      return rules.build();
    }
    requireMapping(node, "rules");
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = "rules." + entry.getKey();
      setter(RULES, entry.getKey(), "rules.", null).set(rules, entry.getValue(), key);
    }
    try {
      return rules.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rules." + e.getMessage(), e);
    }
  }

  private static <B> Setter<B> setter(
      Map<String, Setter<B>> setters, String key, String prefix, String alsoKnown) {
    Setter<B> setter = setters.get(key);
    if (setter == null) {
      String known = String.join(", ", setters.keySet());
      throw new IllegalArgumentException(
          "unknown key '"
              + prefix
              + key
              + "', expected one of "
              + (alsoKnown == null ? known : known + ", " + alsoKnown));
    }
    return setter;
  }

  private static void requireMapping(JsonNode node, String what) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " must be a mapping of keys to values");
    }
  }

  private static String text(JsonNode value, String key) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(key + " must be a string");
    }
    return value.textValue();
  }

  private static int integer(JsonNode value, String key) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(key + " must be an integer");
    }
    return value.intValue();
  }

  private static double number(JsonNode value, String key) {
    if (!value.isNumber()) {
      throw new IllegalArgumentException(key + " must be a number");
    }
    return value.doubleValue();
  }

  /** A duration string, or the number 0; a bare other number is refused as unit-less. */
  private static Duration duration(JsonNode value, String key) {
    if (value.isIntegralNumber() && value.asLong() == 0) {
      return Duration.ZERO;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 500ms, 30s, 10m, 2h or PT10M");
    }
    try {
      return DurationText.parse(value.textValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " " + e.getMessage(), e);
    }
  }

  private static boolean bool(JsonNode value, String key) {
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(key + " must be true or false");
    }
    return value.booleanValue();
  }
}
