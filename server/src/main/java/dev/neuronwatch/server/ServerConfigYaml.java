package dev.neuronwatch.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.settings.InvalidSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@link ServerConfig} from YAML: Jackson binds each key to the builder method of the same
 * name (so the keys are the builder's names, unknown keys are refused and absent ones keep their
 * defaults), and every error is reworded to name its dotted key. The tokens are deliberately not
 * among the keys: secrets stay out of configuration files.
 */
final class ServerConfigYaml {
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          // "hold: 1.5" or "port: '9750'" is a mistake, not a value to round or parse.
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .withCoercionConfig(
              LogicalType.Textual,
              text ->
                  text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .addMixIn(ServerConfig.class, ServerConfigMixIn.class)
          .addMixIn(ServerConfig.Builder.class, ServerBuilderMixIn.class)
          .addMixIn(RuleSettings.class, RuleSettingsMixIn.class)
          .addMixIn(RuleSettings.Builder.class, BuilderMixIn.class)
          .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
          .build();

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

  /**
   * @throws IllegalArgumentException naming the dotted key that is wrong
   */
  static ServerConfig parse(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      return ServerConfig.defaults();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("the document must be a mapping of keys to values");
    }
    try {
      return YAML.readerFor(ServerConfig.class).readValue(root);
    } catch (IOException e) {
      throw reworded(e);
    }
  }

  private static IllegalArgumentException reworded(IOException e) {
    String key =
        e instanceof JsonMappingException mapping
            ? mapping.getPath().stream()
                .map(JsonMappingException.Reference::getFieldName)
                .collect(Collectors.joining("."))
            : "";
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidSettingException invalid) {
        return key.isEmpty() ? invalid : invalid.under(key);
      }
    }
    if (e instanceof PropertyBindingException unknown) {
      String known =
          unknown.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "));
      return new IllegalArgumentException("unknown key '" + key + "', expected one of " + known, e);
    }
    if (e.getCause() instanceof InputCoercionException overflow) {
      return new IllegalArgumentException(key + " must be " + kind(overflow.getTargetType()), e);
    }
    if (e.getCause() instanceof IllegalArgumentException reason) {
      return new IllegalArgumentException(key + " " + reason.getMessage(), e);
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new IllegalArgumentException(key + " must be " + kind(mismatch.getTargetType()), e);
    }
    return new IllegalArgumentException(key + ": " + e.getMessage(), e);
  }

  private static String kind(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == Path.class) {
      return "a string";
    }
    return "a mapping of keys to values";
  }

  /** A duration string ({@link DurationText}), or the number 0; other bare numbers lack a unit. */
  private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getLongValue() == 0) {
        return Duration.ZERO;
      }
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException(
            "must be a duration such as 500ms, 30s, 10m, 2h or PT10M");
      }
      return DurationText.parse(p.getText());
    }
  }

  @JsonDeserialize(builder = ServerConfig.Builder.class)
  private interface ServerConfigMixIn {}

  @JsonDeserialize(builder = RuleSettings.Builder.class)
  private interface RuleSettingsMixIn {}

  /** Builder methods are named as the keys, without a "with" prefix. */
  @JsonPOJOBuilder(withPrefix = "")
  private interface BuilderMixIn {}

  /** Secrets never come from the file; "rules:" with nothing under it keeps the default rules. */
  @JsonPOJOBuilder(withPrefix = "")
  private abstract static class ServerBuilderMixIn {
    @JsonIgnore
    abstract ServerConfig.Builder writeToken(String writeToken);

    @JsonIgnore
    abstract ServerConfig.Builder readToken(String readToken);

    @JsonIgnore
    abstract ServerConfig.Builder tokensFromEnvironment(Map<String, String> environment);

    @JsonSetter(nulls = Nulls.SKIP)
    abstract ServerConfig.Builder rules(RuleSettings rules);
  }
}
