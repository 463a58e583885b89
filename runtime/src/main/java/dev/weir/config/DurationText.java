package dev.weir.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them, in one place for the command line and for flow settings: a whole
 * number with {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, {@code 7d}, any case), or ISO-8601 such as {@code PT30S}.
 */
public final class DurationText {

  /** How a duration is written, for messages. */
  public static final String FORMS = "a whole number with ms, s, m, h or d (500ms, 30s, 2m, 12h, 7d) or ISO-8601 (PT30S)";

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * The duration {@code value} names, which may be zero or (in ISO-8601) negative: callers say which
   * they accept.
   *
   * @throws IllegalArgumentException {@code '<value>' is not a duration: give ...} when it is not one
   */
  public static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(v);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      if (v.startsWith("p")) {
        return Duration.parse(value.trim());
      }
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw notADuration(value);
    }
    throw notADuration(value);
  }

  /** {@code d} the way a user writes it: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
  public static String format(Duration d) {
    if (d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    long ms = d.toMillis();
    if (ms != 0 && ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }

  private static IllegalArgumentException notADuration(String value) {
    return new IllegalArgumentException("'" + value + "' is not a duration: give " + FORMS);
  }
}
