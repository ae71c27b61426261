package dev.neuronwatch.cli;

import dev.neuronwatch.trainer.InitKind;
import java.util.Locale;

/** The command-line spelling of an init kind: {@code HE_NORMAL} is {@code he-normal}. */
final class InitNames {
  private InitNames() {}

  static String of(InitKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
