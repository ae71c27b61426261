package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.rules.RuleSettings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration tables of the documentation state the defaults the configuration records hold:
 * the agent's settings table row by row against {@code AgentConfig.DEFAULT_*}, and the server's
 * example file, read by the server's own YAML binding, against {@code ServerConfig.defaults()}
 * field by field, with every key of the file present.
 */
class ConfigurationTablesTest {
  private static final Pattern ROW = Pattern.compile("^\\|\\s*(.+?)\\s*\\|\\s*(.+?)\\s*\\|.*\\|$");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @TempDir Path dir;

  @Test
  void theAgentSettingsTableStatesTheAgentDefaults() throws IOException {
    Map<String, String> table = agentTable();
    Map<String, Object> defaults = defaultConstants(AgentConfig.class);

    assertThat(table).containsKeys(defaults.keySet().toArray(String[]::new));
    AgentConfig unset = AgentConfig.builder().run("r").build();
    table.forEach(
        (setting, text) -> {
          switch (text) {
            case "required" -> assertThat(defaults).as(setting).doesNotContainKey(setting);
            case "none" ->
                assertThat(component(unset, setting)).as(setting).isEqualTo(Optional.empty());
            default ->
                assertThat(value(text, defaults.get(setting)))
                    .as(setting)
                    .isEqualTo(defaults.get(setting));
          }
        });
  }

  @Test
  void theExampleServerFileHoldsTheServerDefaults() throws IOException {
    String block = exampleServerFile();
    ServerConfig read = ServerConfig.fromYaml(Files.writeString(dir.resolve("example.yml"), block));
    ServerConfig defaults = ServerConfig.defaults();

    // The example names the server command's journal directory; its comment states that an
    // embedded server keeps none.
    assertThat(defaults.dataDir()).isEmpty();
    assertThat(block).containsPattern("(?m)^dataDir: .*embedded: none");
    assertThat(read.toBuilder().dataDir(null).build())
        .usingRecursiveComparison()
        .isEqualTo(defaults);
    assertThat(keys(block, "")).containsExactlyInAnyOrderElementsOf(fileKeys());
    assertThat(keys(block, "  "))
        .containsExactlyElementsOf(RuleSettings.defaults().asMap().keySet());
  }

  /** The keys of the example file at one indentation. */
  private static List<String> keys(String block, String indent) {
    Matcher key = Pattern.compile("(?m)^" + indent + "(\\w+):").matcher(block);
    return key.results().map(m -> m.group(1)).toList();
  }

  /** The server's file keys: its builder's methods, less the tokens, which never come from it. */
  private static List<String> fileKeys() {
    return Arrays.stream(ServerConfig.Builder.class.getMethods())
        .filter(m -> m.getReturnType() == ServerConfig.Builder.class && m.getParameterCount() == 1)
        .map(Method::getName)
        .filter(name -> !name.endsWith("Token") && !name.equals("tokensFromEnvironment"))
        .toList();
  }

  /** The agent's settings table: setting → default text; a row of two settings splits. */
  private static Map<String, String> agentTable() throws IOException {
    Map<String, String> table = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(RepoFiles.agentDoc())) {
      if (line.startsWith("| `AgentConfig` setting |")) {
        inTable = true;
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (!inTable || line.startsWith("|---")) {
        continue;
      }
      if (!row.matches()) {
        break;
      }
      List<String> names = new ArrayList<>();
      CODE.matcher(row.group(1)).results().forEach(m -> names.add(m.group(1)));
      String[] values = row.group(2).replace("`", "").split("\\s+/\\s+");
      assertThat(values.length).as(line).isIn(1, names.size());
      for (int i = 0; i < names.size(); i++) {
        table.put(names.get(i), values[values.length == 1 ? 0 : i].trim());
      }
    }
    assertThat(table).as("the agent's settings table").isNotEmpty();
    return table;
  }

  /** The YAML block of the "Configuration" section. */
  private static String exampleServerFile() throws IOException {
    String doc = Files.readString(RepoFiles.configurationDoc());
    Matcher heading = Pattern.compile("(?m)^# Configuration$").matcher(doc);
    assertThat(heading.find()).as("a Configuration section").isTrue();
    int section = heading.start();
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    return doc.substring(start, doc.indexOf("```", start));
  }

  /** {@code DEFAULT_SAMPLE_EVERY} → {@code sampleEvery} → its value. */
  private static Map<String, Object> defaultConstants(Class<?> type) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (Field field : type.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("DEFAULT_")) {
        try {
          defaults.put(camel(field.getName().substring("DEFAULT_".length())), field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return defaults;
  }

  private static String camel(String constant) {
    StringBuilder name = new StringBuilder();
    for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
      name.append(
          name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return name.toString();
  }

  /** A table's default text ("128 steps", "1 s", "0.01") as the constant's type. */
  private static Object value(String text, Object like) {
    String number = text.replaceAll("\\s*(steps|samples)$", "").replace(",", "");
    if (like instanceof Duration) {
      Matcher seconds = Pattern.compile("(\\d+) s").matcher(number);
      assertThat(seconds.matches()).as(text).isTrue();
      return Duration.ofSeconds(Long.parseLong(seconds.group(1)));
    }
    if (like instanceof Integer) {
      return Integer.valueOf(number);
    }
    if (like instanceof Double) {
      return Double.valueOf(number);
    }
    return URI.create(number).toString();
  }

  private static Object component(Record record, String name) {
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      if (component.getName().equals(name)) {
        try {
          return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new AssertionError("no setting " + name);
  }
}
