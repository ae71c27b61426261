package dev.neuronwatch.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile as its instructions, with continuation lines joined and comments dropped, grouped
 * into build stages.
 *
 * <pre>{@code
 * List<List<DockerfileInstructions.Instruction>> stages =
 *     DockerfileInstructions.read(RepoFiles.dockerfile()).stages();
 * }</pre>
 */
record DockerfileInstructions(List<DockerfileInstructions.Instruction> all) {

  /** One instruction: its upper-case keyword and the rest of its line. */
  record Instruction(String keyword, String arguments) {

    /** The arguments of an exec-form instruction ({@code ["java", "-jar"]}) as a list. */
    List<String> execForm() {
      try {
        return Arrays.asList(new ObjectMapper().readValue(arguments, String[].class));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(keyword + " is not in exec form: " + arguments, e);
      }
    }
  }

  static DockerfileInstructions read(Path dockerfile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dockerfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().trim();
      current.setLength(0);
      if (!text.isEmpty()) {
        String[] parts = text.split("\\s+", 2);
        instructions.add(
            new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
      }
    }
    return new DockerfileInstructions(List.copyOf(instructions));
  }

  /** The instructions of each stage, each list starting with its FROM. */
  List<List<Instruction>> stages() {
    List<List<Instruction>> stages = new ArrayList<>();
    for (Instruction instruction : all) {
      if (instruction.keyword().equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      if (stages.isEmpty()) {
        continue;
      }
      stages.get(stages.size() - 1).add(instruction);
    }
    return stages;
  }

  static List<Instruction> named(List<Instruction> stage, String keyword) {
    return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }
}
