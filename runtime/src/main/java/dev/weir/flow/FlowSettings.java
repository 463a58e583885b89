package dev.weir.flow;

import dev.weir.config.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings of one run: string keys and string values, read by the flow through typed getters.
 * A flow class receives them when its constructor takes a {@code FlowSettings}; a run gets them from
 * {@link FlowBuilder#settings(FlowSettings)} or, for a {@code FlowApplication}, from
 * {@code --set key=value}, {@code --config FILE} and {@code WEIR_SET_<KEY>} environment variables.
 *
 * <pre>
 * public Orders(FlowSettings settings) {
 *   this.minQuantity = settings.getInt("orders.min-quantity", 1);
 *   this.timeout = settings.getDuration("orders.timeout", Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * <p>Keys start with a letter or digit and contain letters, digits, {@code .}, {@code _} and
 * {@code -}. Values are any strings; the typed getters trim them first. A getter without a default
 * throws a {@link SettingException} for a missing key; every typed getter throws one for a value it
 * cannot read, naming the key, the value and the form expected.
 *
 * <p>A value can be a <em>secret</em> ({@link #withSecret}, {@code --secret key=value}): the flow
 * reads it like any other, but Weir never prints it, and a run's manifest records only that it was
 * set. {@link #toString()} shows secrets as {@code <secret>}.
 *
 * <p>Immutable; {@link #with}, {@link #withSecret} and {@link #withAll} return new settings.
 */
public final class FlowSettings {

  /** How {@link #toString()} and Weir's tools show a secret value. */
  public static final String SECRET_SHOWN_AS = "<secret>";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final FlowSettings EMPTY = new FlowSettings(new TreeMap<>(), new TreeSet<>());

  private final SortedMap<String, String> values;
  private final SortedSet<String> secrets;

  private FlowSettings(SortedMap<String, String> values, SortedSet<String> secrets) {
    this.values = Collections.unmodifiableSortedMap(values);
    this.secrets = Collections.unmodifiableSortedSet(secrets);
  }

  /** No settings. */
  public static FlowSettings empty() {
    return EMPTY;
  }

  /** Settings with these keys and values, none of them secret. */
  public static FlowSettings of(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    Builder b = builder();
    values.forEach(b::set);
    return b.build();
  }

  /** Starts settings key by key. */
  public static Builder builder() {
    return new Builder();
  }

  /** These settings with {@code key} set to {@code value} (no longer secret if it was). */
  public FlowSettings with(String key, String value) {
    return toBuilder().set(key, value).build();
  }

  /** These settings with {@code key} set to the secret {@code value}. */
  public FlowSettings withSecret(String key, String value) {
    return toBuilder().secret(key, value).build();
  }

  /** These settings and {@code later}'s: where both have a key, {@code later}'s value (and secrecy) wins. */
  public FlowSettings withAll(FlowSettings later) {
    Objects.requireNonNull(later, "later");
    Builder b = toBuilder();
    later.values.forEach((k, v) -> {
      if (later.secrets.contains(k)) {
        b.secret(k, v);
      } else {
        b.set(k, v);
      }
    });
    return b.build();
  }

  /** Every key, secrets included, in order. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** The keys whose values are secret, in order. */
  public Set<String> secretKeys() {
    return secrets;
  }

  /** Whether {@code key} is set. */
  public boolean contains(String key) {
    return values.containsKey(key);
  }

  /** Whether {@code key} is set to a secret value. */
  public boolean isSecret(String key) {
    return secrets.contains(key);
  }

  /** Whether there are no settings. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The value of {@code key}, if it is set. */
  public Optional<String> find(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * The value of {@code key}, as it was given (not trimmed).
   *
   * @throws SettingException when it is not set
   */
  public String get(String key) {
    return require(key, "a value");
  }

  /** The value of {@code key}, or {@code defaultValue} when it is not set. */
  public String get(String key, String defaultValue) {
    return values.getOrDefault(key, defaultValue);
  }

  /**
   * The value of {@code key} as an {@code int}.
   *
   * @throws SettingException when it is not set or is not a whole number in range
   */
  public int getInt(String key) {
    return read(key, require(key, INT), INT, Integer::parseInt);
  }

  /** As {@link #getInt(String)}, with {@code defaultValue} when {@code key} is not set. */
  public int getInt(String key, int defaultValue) {
    return contains(key) ? getInt(key) : defaultValue;
  }

  /**
   * The value of {@code key} as a {@code long}.
   *
   * @throws SettingException when it is not set or is not a whole number in range
   */
  public long getLong(String key) {
    return read(key, require(key, LONG), LONG, Long::parseLong);
  }

  /** As {@link #getLong(String)}, with {@code defaultValue} when {@code key} is not set. */
  public long getLong(String key, long defaultValue) {
    return contains(key) ? getLong(key) : defaultValue;
  }

  /**
   * The value of {@code key} as a {@code boolean}: {@code true} or {@code false}, in any case.
   *
   * @throws SettingException when it is not set or is neither
   */
  public boolean getBoolean(String key) {
    return read(key, require(key, BOOLEAN), BOOLEAN, v -> switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(v);
    });
  }

  /** As {@link #getBoolean(String)}, with {@code defaultValue} when {@code key} is not set. */
  public boolean getBoolean(String key, boolean defaultValue) {
    return contains(key) ? getBoolean(key) : defaultValue;
  }

  /**
   * The value of {@code key} as a duration that is not negative: {@code 100ms}, {@code 30s},
   * {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT30S}.
   *
   * @throws SettingException when it is not set or is not such a duration
   */
  public Duration getDuration(String key) {
    return read(key, require(key, DURATION), DURATION, v -> {
      Duration d = DurationText.parse(v);
      if (d.isNegative()) {
        throw new IllegalArgumentException(v);
      }
      return d;
    });
  }

  /** As {@link #getDuration(String)}, with {@code defaultValue} when {@code key} is not set. */
  public Duration getDuration(String key, Duration defaultValue) {
    return contains(key) ? getDuration(key) : defaultValue;
  }

  /**
   * The value of {@code key} as a path of the default file system (relative paths are left relative).
   *
   * @throws SettingException when it is not set, is empty or is not a path
   */
  public Path getPath(String key) {
    return read(key, require(key, PATH), PATH, v -> {
      if (v.isEmpty()) {
        throw new IllegalArgumentException(v);
      }
      return Path.of(v);
    });
  }

  /** As {@link #getPath(String)}, with {@code defaultValue} when {@code key} is not set. */
  public Path getPath(String key, Path defaultValue) {
    return contains(key) ? getPath(key) : defaultValue;
  }

  private static final String INT = "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
      + ", such as 10";
  private static final String LONG = "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
      + ", such as 10";
  private static final String BOOLEAN = "true or false";
  private static final String DURATION = "a duration of zero or more: " + DurationText.FORMS;
  private static final String PATH = "a file or directory path";

  private String require(String key, String expected) {
    String v = values.get(Objects.requireNonNull(key, "key"));
    if (v == null) {
      throw new SettingException(key, "setting '" + key + "' is not set; expected " + expected
          + " (give it with --set " + key + "=<value>, in a --config file, or with FlowSettings.with)");
    }
    return v;
  }

  private <T> T read(String key, String value, String expected, Function<String, T> parse) {
    try {
      return parse.apply(value.trim());
    } catch (IllegalArgumentException e) { // NumberFormatException and InvalidPathException are ones
      String shown = secrets.contains(key) ? "is a secret (its value is not shown) that" : "= '" + value + "'";
      throw new SettingException(key, "setting '" + key + "' " + shown + " is not " + expected);
    }
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    b.secrets.addAll(secrets);
    return b;
  }

  /** The keys and values, secrets shown as {@code <secret>}. */
  public Map<String, String> redacted() {
    SortedMap<String, String> shown = new TreeMap<>(values);
    secrets.forEach(k -> shown.put(k, SECRET_SHOWN_AS));
    return Collections.unmodifiableSortedMap(shown);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowSettings s && s.values.equals(values) && s.secrets.equals(secrets);
  }

  @Override
  public int hashCode() {
    return values.hashCode() * 31 + secrets.hashCode();
  }

  /** {@code FlowSettings{key=value, ...}}, secret values shown as {@code <secret>}. */
  @Override
  public String toString() {
    return "FlowSettings" + redacted().toString();
  }

  /** Whether {@code key} is a usable setting key: a letter or digit, then letters, digits, '.', '_' or '-'. */
  public static boolean isKey(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /** Collects settings key by key; a later value for a key replaces an earlier one. */
  public static final class Builder {
    private final SortedMap<String, String> values = new TreeMap<>();
    private final SortedSet<String> secrets = new TreeSet<>();

    private Builder() {}

    /** Sets {@code key} to {@code value} (no longer secret if it was). */
    public Builder set(String key, String value) {
      values.put(checkKey(key), Objects.requireNonNull(value, () -> "the value of setting '" + key + "'"));
      secrets.remove(key);
      return this;
    }

    /** Sets {@code key} to the secret {@code value}. */
    public Builder secret(String key, String value) {
      values.put(checkKey(key), Objects.requireNonNull(value, () -> "the value of setting '" + key + "'"));
      secrets.add(key);
      return this;
    }

    public FlowSettings build() {
      return values.isEmpty() ? EMPTY : new FlowSettings(new TreeMap<>(values), new TreeSet<>(secrets));
    }

    private static String checkKey(String key) {
      Objects.requireNonNull(key, "key");
      if (!isKey(key)) {
        throw new IllegalArgumentException("'" + key + "' is not a setting key: a key starts with a letter or digit"
            + " and contains only letters, digits, '.', '_' and '-'");
      }
      return key;
    }
  }
}
