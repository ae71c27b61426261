package dev.neuronwatch.cli;

import dev.neuronwatch.settings.InvalidSettingException;
import java.lang.reflect.Field;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns a configuration's {@link InvalidSettingException} into a usage error naming the flag the
 * user typed. Convention: the field of each flag that sets a setting is named as the setting (the
 * field {@code hiddenLayers} of {@code --layers} sets {@code TrainingConfig.hiddenLayers}), so the
 * error's setting finds its flag without a table to keep in step.
 *
 * <pre>{@code
 * try {
 *   return builder.build();
 * } catch (InvalidSettingException e) {
 *   throw SettingFlags.usageError(spec, e, "--scenario");
 * }
 * }</pre>
 */
final class SettingFlags {
  private SettingFlags() {}

  /** The usage error for {@code e}, naming its setting's flag or else {@code fallback}. */
  static UsageException usageError(CommandSpec spec, InvalidSettingException e, String fallback) {
    String flag =
        spec.options().stream()
            .filter(o -> o.userObject() instanceof Field f && f.getName().equals(e.setting()))
            .map(OptionSpec::longestName)
            .findFirst()
            .orElse(fallback);
    return new UsageException(flag, e.getMessage());
  }
}
