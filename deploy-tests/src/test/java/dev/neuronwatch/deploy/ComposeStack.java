package dev.neuronwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed docker compose file, with what the tests ask of it: services, their mounts in short or
 * long syntax, and which repository file a path inside a container is.
 *
 * <pre>{@code
 * ComposeStack stack = ComposeStack.read(RepoFiles.compose());
 * Optional<Path> config = stack.hostPath("prometheus", "/etc/prometheus/prometheus.yml");
 * }</pre>
 */
final class ComposeStack {
  /** One entry of a service's {@code volumes}: a bind mount of a host path, or a named volume. */
  record Mount(String source, String target, boolean bind, boolean readOnly) {}

  private final Path directory;
  private final JsonNode root;

  private ComposeStack(Path directory, JsonNode root) {
    this.directory = directory;
    this.root = root;
  }

  static ComposeStack read(Path composeFile) {
    return new ComposeStack(composeFile.toAbsolutePath().getParent(), Documents.yaml(composeFile));
  }

  Set<String> serviceNames() {
    Set<String> names = new TreeSet<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  JsonNode service(String name) {
    JsonNode service = root.path("services").path(name);
    if (service.isMissingNode()) {
      throw new IllegalArgumentException("no service " + name);
    }
    return service;
  }

  Set<String> declaredVolumes() {
    Set<String> names = new TreeSet<>();
    root.path("volumes").fieldNames().forEachRemaining(names::add);
    return names;
  }

  List<Mount> mounts(String serviceName) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode volume : service(serviceName).path("volumes")) {
      mounts.add(volume.isTextual() ? shortSyntax(volume.asText()) : longSyntax(volume));
    }
    return mounts;
  }

  /** The host file of a bind mount's source, resolved against the compose file's directory. */
  Path hostPath(Mount mount) {
    return directory.resolve(mount.source()).normalize();
  }

  /** The repository path that a path inside a service's container is bound to, if any. */
  Optional<Path> hostPath(String serviceName, String containerPath) {
    Path inContainer = Path.of(containerPath).normalize();
    Mount best = null;
    for (Mount mount : mounts(serviceName)) {
      if (mount.bind()
          && inContainer.startsWith(Path.of(mount.target()))
          && (best == null || mount.target().length() > best.target().length())) {
        best = mount;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(hostPath(best).resolve(Path.of(best.target()).relativize(inContainer)));
  }

  /** The value of a {@code --flag=value} argument of a service's command. */
  Optional<String> commandFlag(String serviceName, String flag) {
    for (JsonNode argument : service(serviceName).path("command")) {
      String text = argument.asText();
      if (text.startsWith(flag + "=")) {
        return Optional.of(text.substring(flag.length() + 1));
      }
    }
    return Optional.empty();
  }

  private static Mount shortSyntax(String spec) {
    String[] parts = spec.split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("volume '" + spec + "' is not SOURCE:TARGET[:MODE]");
    }
    boolean bind = parts[0].startsWith(".") || parts[0].startsWith("/");
    boolean readOnly = parts.length == 3 && List.of(parts[2].split(",")).contains("ro");
    return new Mount(parts[0], parts[1], bind, readOnly);
  }

  private static Mount longSyntax(JsonNode volume) {
    return new Mount(
        volume.path("source").asText(),
        volume.path("target").asText(),
        "bind".equals(volume.path("type").asText()),
        volume.path("read_only").asBoolean(false));
  }
}
