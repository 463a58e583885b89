package dev.weir.app;

import dev.weir.flow.FlowSettings;
import java.util.List;
import java.util.Locale;

/**
 * The parts of the printed replay command that repeat how the run was configured: the JVM's
 * {@code -D} system properties and the run's settings, secrets as shell references.
 */
final class ReplayArguments {

  private ReplayArguments() {}

  /** The {@code -D} options among the JVM's input arguments, in order. */
  static List<String> systemProperties(List<String> jvmArguments) {
    return jvmArguments.stream().filter(a -> a.startsWith("-D") && a.length() > 2).toList();
  }

  /**
   * {@code invocation} with {@code properties} after its leading {@code java}, each quoted for the
   * shell; {@code invocation} unchanged when it does not start with {@code java} (the caller says so).
   */
  static String withSystemProperties(String invocation, List<String> properties) {
    if (properties.isEmpty() || !startsWithJava(invocation)) {
      return invocation;
    }
    StringBuilder sb = new StringBuilder("java");
    properties.forEach(p -> sb.append(' ').append(ShellWords.quote(p)));
    return sb.append(invocation.substring("java".length())).toString();
  }

  /** Whether {@code invocation} starts with the word {@code java}. */
  static boolean startsWithJava(String invocation) {
    return invocation.equals("java") || invocation.startsWith("java ");
  }

  /**
   * {@code --set KEY=VALUE} for each setting in key order, quoted for the shell, each after a space;
   * a secret as {@code --secret "KEY=${VARIABLE:?}"}, which the shell fills in from
   * {@link #secretVariable} and which fails the command when that variable is not set. No secret
   * value is ever written.
   */
  static String settings(FlowSettings settings) {
    StringBuilder sb = new StringBuilder();
    for (String key : settings.keys()) {
      if (settings.isSecret(key)) {
        // keys are letters, digits, '.', '_' and '-': nothing the shell expands inside double quotes
        sb.append(" --secret \"").append(key).append("=${").append(secretVariable(key)).append(":?}\"");
      } else {
        sb.append(" --set ").append(ShellWords.quote(key + "=" + settings.get(key)));
      }
    }
    return sb.toString();
  }

  /**
   * The shell variable a replay command reads the secret {@code key} from: {@code WEIR_SECRET_<NAME>}
   * when an environment variable can name the key (which the run then reads by itself as well), else
   * {@code SECRET_} and the key in upper case with {@code _} for every other character.
   */
  static String secretVariable(String key) {
    return CommandLineSettings.environmentName(key).map(n -> CommandLineSettings.SECRET_ENV_PREFIX + n)
        .orElseGet(() -> "SECRET_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
  }
}
