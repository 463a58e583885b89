package dev.weir.app;

import dev.weir.flow.FlowSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a command-line run's {@link FlowSettings} come from, lowest first: {@code WEIR_SET_<NAME>}
 * environment variables, then {@code WEIR_SECRET_<NAME>} ones (secret values), then
 * {@code --config FILE}, {@code --set KEY=VALUE} and {@code --secret KEY=VALUE} in command-line
 * order; where two give the same key, the later one wins, secrecy included.
 *
 * <p>An environment variable's name becomes a key by the rule of {@link #keyOf}: the part after the
 * prefix in lower case, each {@code __} a {@code -}, each other {@code _} a {@code .}
 * ({@code WEIR_SET_INPUT_PATH} is {@code input.path}, {@code WEIR_SET_MIN__QUANTITY} is
 * {@code min-quantity}). Keys with upper-case letters or {@code _} cannot be given that way; a name
 * that is empty, or has three {@code _} in a row or one at an end, is refused, never skipped.
 */
final class CommandLineSettings {

  /** The prefix of environment variables that set a setting. */
  static final String ENV_PREFIX = "WEIR_SET_";

  /** The prefix of environment variables that set a secret setting. */
  static final String SECRET_ENV_PREFIX = "WEIR_SECRET_";

  /** The keys an environment variable can name: what {@link #keyOf} turns back into the same name. */
  private static final Pattern ENV_KEY = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

  /** The names after a prefix that name a key: words of letters and digits joined by one or two {@code _}. */
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9]+(__?[A-Za-z0-9]+)*");

  /** A command-line argument was not usable; the message names it. */
  static final class BadSetting extends Exception {
    private static final long serialVersionUID = 1L;

    BadSetting(String message) {
      super(message);
    }
  }

  private final List<FlowSettings> ordered = new ArrayList<>();

  /** {@code --set KEY=VALUE} or {@code --secret KEY=VALUE}, as given after the option. */
  void assignment(String option, String argument) throws BadSetting {
    int eq = argument.indexOf('=');
    if (eq < 0) {
      throw new BadSetting(option + " '" + argument + "': expected KEY=VALUE, for example " + option
          + " orders.min-quantity=5");
    }
    String key = argument.substring(0, eq);
    String value = argument.substring(eq + 1);
    if (!FlowSettings.isKey(key)) {
      throw new BadSetting(option + " " + (option.equals("--secret") ? "'" + key + "=...'" : "'" + argument + "'")
          + ": '" + key + "' is not a setting key; a key starts with a letter or digit and contains only letters,"
          + " digits, '.', '_' and '-'");
    }
    ordered.add(option.equals("--secret") ? FlowSettings.empty().withSecret(key, value)
        : FlowSettings.empty().with(key, value));
  }

  /** {@code --config FILE}: every entry of the properties file, read now. */
  void configFile(String argument) throws BadSetting {
    Path file = Path.of(argument);
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException notUtf8) {
        text = new String(bytes, StandardCharsets.ISO_8859_1); // what Properties.load(InputStream) reads
      }
    } catch (NoSuchFileException e) {
      throw new BadSetting("--config " + argument + ": no such file");
    } catch (IOException e) {
      throw new BadSetting("--config " + argument + ": cannot read it: "
          + (Files.isDirectory(file) ? "it is a directory" : e.getMessage()));
    }
    Properties p = new Properties();
    try (Reader r = new StringReader(text)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new BadSetting("--config " + argument + ": not a .properties file: " + e.getMessage());
    }
    FlowSettings.Builder b = FlowSettings.builder();
    for (var e : propertiesMap(p).entrySet()) {
      if (!FlowSettings.isKey(e.getKey())) {
        throw new BadSetting("--config " + argument + ": '" + e.getKey() + "' is not a setting key; a key starts with a"
            + " letter or digit and contains only letters, digits, '.', '_' and '-'");
      }
      b.set(e.getKey(), e.getValue());
    }
    ordered.add(b.build());
  }

  private static Map<String, String> propertiesMap(Properties p) {
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  /** The settings: {@code environment}'s, below the command line's in order. */
  FlowSettings resolve(Map<String, String> environment) throws BadSetting {
    FlowSettings.Builder env = FlowSettings.builder();
    Map<String, String> sorted = new TreeMap<>(environment);
    for (boolean secret : new boolean[] {false, true}) {
      String prefix = secret ? SECRET_ENV_PREFIX : ENV_PREFIX;
      for (var e : sorted.entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          continue;
        }
        String name = e.getKey().substring(prefix.length());
        if (!ENV_NAME.matcher(name).matches()) {
          throw new BadSetting("environment variable " + e.getKey() + (name.isEmpty() ? " names no setting"
              : " does not name a setting") + "; after " + prefix + " write letters and digits, '_' for '.' and '__'"
              + " for '-' (" + prefix + "ORDERS_MIN__QUANTITY is orders.min-quantity)");
        }
        String key = keyOf(name);
        if (secret) {
          env.secret(key, e.getValue());
        } else {
          env.set(key, e.getValue());
        }
      }
    }
    FlowSettings settings = env.build();
    for (FlowSettings later : ordered) {
      settings = settings.withAll(later);
    }
    return settings;
  }

  /** The setting key an environment variable names after its prefix: {@code INPUT_PATH} is {@code input.path}. */
  static String keyOf(String name) {
    return name.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
  }

  /**
   * The name after the prefix that names {@code key}, if an environment variable can:
   * {@code input.path} is {@code INPUT_PATH}.
   */
  static Optional<String> environmentName(String key) {
    if (!ENV_KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    return Optional.of(key.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_'));
  }
}
