package dev.neuronwatch.javaagent;

import dev.neuronwatch.agent.AgentConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The options of {@code -javaagent:neuronwatch-agent.jar=server=URI,run=NAME,sampleEvery=N}: comma
 * separated {@code key=value} pairs, all optional. The bearer token is never an argument (it would
 * show in {@code ps}): it comes from the environment variable {@value #TOKEN_ENV}.
 *
 * <pre>{@code
 * AgentArguments args = AgentArguments.parse("server=http://127.0.0.1:9750,run=mnist", System.getenv());
 * }</pre>
 */
record AgentArguments(URI server, String run, int sampleEvery, String token) {
  static final String TOKEN_ENV = "NEURONWATCH_TOKEN";
  static final String DEFAULT_SERVER = AgentConfig.DEFAULT_SERVER_URI;
  static final String DEFAULT_RUN = "dl4j";
  static final int DEFAULT_SAMPLE_EVERY = AgentConfig.DEFAULT_SAMPLE_EVERY;
  private static final String KEYS = "server, run, sampleEvery";

  /**
   * Parses the agent's argument string ({@code null} or empty for all defaults).
   *
   * @throws IllegalArgumentException naming the option that is unknown, repeated or malformed
   */
  static AgentArguments parse(String arguments, Map<String, String> environment) {
    Map<String, String> options = new LinkedHashMap<>();
    if (arguments != null && !arguments.isBlank()) {
      for (String pair : arguments.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "expected key=value, got '" + pair + "' (options: " + KEYS + ")");
        }
        String key = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (key.toLowerCase(Locale.ROOT).equals("token")) {
          throw new IllegalArgumentException(
              "the token is never an argument: set the environment variable " + TOKEN_ENV);
        }
        if (!key.equals("server") && !key.equals("run") && !key.equals("sampleEvery")) {
          throw new IllegalArgumentException(
              "unknown option '" + key + "' (options: " + KEYS + ")");
        }
        if (options.put(key, value) != null) {
          throw new IllegalArgumentException("option '" + key + "' is given twice");
        }
      }
    }
    String token = environment.get(TOKEN_ENV);
    return new AgentArguments(
        server(options.getOrDefault("server", DEFAULT_SERVER)),
        options.getOrDefault("run", DEFAULT_RUN),
        sampleEvery(options.get("sampleEvery")),
        token == null || token.isEmpty() ? null : token);
  }

  private static URI server(String value) {
    try {
      URI uri = URI.create(value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "server must be an http(s) URL such as " + DEFAULT_SERVER + ", was '" + value + "'", e);
    }
  }

  private static int sampleEvery(String value) {
    if (value == null) {
      return DEFAULT_SAMPLE_EVERY;
    }
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "sampleEvery must be a positive whole number, was '" + value + "'");
  }
}
