package dev.neuronwatch.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads YAML and JSON files into Jackson trees. Duplicate keys are errors: in a configuration file
 * the second silently wins, which hides mistakes.
 *
 * <pre>{@code
 * JsonNode rules = Documents.yaml(RepoFiles.rules());
 * }</pre>
 */
final class Documents {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Documents() {}

  static JsonNode yaml(Path file) {
    return read(YAML, file);
  }

  static JsonNode json(Path file) {
    return read(JSON, file);
  }

  static ObjectMapper yamlMapper() {
    return YAML;
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
