package dev.neuronwatch.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The activation function a layer applies, as named on the wire and in metric labels.
 *
 * <p>The kind decides which health statistics mean something for a layer: dead units for the ReLU
 * family, saturation for sigmoid, tanh and softmax.
 *
 * <pre>{@code
 * ActivationKind kind = ActivationKind.fromWireName("leaky_relu");
 * assert kind.isReluFamily();
 * }</pre>
 */
public enum ActivationKind {
  LINEAR("linear"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  RELU("relu"),
  LEAKY_RELU("leaky_relu"),
  PRELU("prelu"),
  ELU("elu"),
  GELU("gelu"),
  SWISH("swish"),
  SOFTMAX("softmax");

  private final String wireName;

  ActivationKind(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in JSON and in the {@code activation} metric label. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * Units of these kinds can die: once their pre-activation is negative for every input they pass
   * no (ReLU) or almost no (leaky, parametric, exponential) gradient back.
   */
  public boolean isReluFamily() {
    return this == RELU || this == LEAKY_RELU || this == PRELU || this == ELU;
  }

  /** Units of these kinds saturate: near their bounds the derivative goes to zero. */
  public boolean isSaturating() {
    return this == SIGMOID || this == TANH || this == SOFTMAX;
  }

  /**
   * Parses a wire name, case-insensitively; {@code "silu"} is accepted for {@link #SWISH} and
   * {@code "leaky-relu"} for {@link #LEAKY_RELU}.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
   */
  @JsonCreator
  public static ActivationKind fromWireName(String name) {
    if (name != null) {
      String normalized = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
      if (normalized.equals("silu")) {
        return SWISH;
      }
      for (ActivationKind kind : values()) {
        if (kind.wireName.equals(normalized)) {
          return kind;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + name + "', expected one of " + wireNames());
  }

  /** All wire names, comma-separated, for help texts and error messages. */
  public static String wireNames() {
    return Arrays.stream(values()).map(ActivationKind::wireName).collect(Collectors.joining(", "));
  }
}
