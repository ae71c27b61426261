package dev.neuronwatch.trainer;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The command-line spelling of enum constants: lower case with '-' for '_'. Parsing ignores case
 * and treats '-' and '_' alike.
 *
 * <pre>{@code
 * InitKind kind = EnumNames.parse(InitKind.values(), InitKind::cliName, "he-normal", "init");
 * }</pre>
 */
final class EnumNames {
  private EnumNames() {}

  static String cliName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E> E parse(E[] constants, Function<E, String> cliName, String name, String what) {
    if (name != null) {
      String wanted = normalize(name);
      for (E constant : constants) {
        if (normalize(cliName.apply(constant)).equals(wanted)) {
          return constant;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + name
            + "', expected one of "
            + Arrays.stream(constants).map(cliName).collect(Collectors.joining(", ")));
  }

  private static String normalize(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
