package dev.neuronwatch.settings;

/**
 * A configuration value out of its range, with the name of the setting it was given for, so that
 * whoever read the value (a command-line flag, a YAML key) can name it the way the user wrote it.
 *
 * <pre>{@code
 * try {
 *   config = builder.build();
 * } catch (InvalidSettingException e) {
 *   throw new UsageException(flagOf(e.setting()), e.getMessage());
 * }
 * }</pre>
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String reason;

  /** {@code reason} reads after the setting's name: {@code "must be at least 1, was 0"}. */
  public InvalidSettingException(String setting, String reason) {
    super(setting + " " + reason);
    this.setting = setting;
    this.reason = reason;
  }

  /** The setting's name as its builder method spells it, or a dotted path ({@code rules.hold}). */
  public String setting() {
    return setting;
  }

  /** What is wrong with it, without the setting's name. */
  public String reason() {
    return reason;
  }

  /** The same error for the setting as nested under {@code parent} ({@code rules.hold}). */
  public InvalidSettingException under(String parent) {
    InvalidSettingException nested = new InvalidSettingException(parent + "." + setting, reason);
    nested.initCause(this);
    return nested;
  }
}
