package dev.weir.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * When a disk journal's appends reach stable storage: {@link #none()} leaves them to the page
 * cache, {@link #batch()} syncs every batch before readers may see it (group commit), and
 * {@link #interval(Duration)} syncs at most that often. Recorded in the run's manifest.
 *
 * @param mode the policy
 * @param interval for {@link Mode#INTERVAL}: the longest time between syncs
 */
public record Durability(Mode mode, Duration interval) {

  /** The policies. */
  public enum Mode {
    /** Page cache only: fast, lost on power failure. */
    NONE,
    /** Sync (fdatasync) before each batch becomes visible downstream. */
    BATCH,
    /** Sync when the last sync is older than the interval. */
    INTERVAL
  }

  public Durability {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(interval, "interval");
    if (mode == Mode.INTERVAL && (interval.isZero() || interval.isNegative())) {
      throw new IllegalArgumentException("an INTERVAL durability needs a positive interval, got " + interval);
    }
  }

  public static Durability none() {
    return new Durability(Mode.NONE, Duration.ZERO);
  }

  public static Durability batch() {
    return new Durability(Mode.BATCH, Duration.ZERO);
  }

  public static Durability interval(Duration interval) {
    return new Durability(Mode.INTERVAL, interval);
  }

  /**
   * Parses {@code none}, {@code batch} or {@code interval:<n><unit>} with a unit of {@code ms},
   * {@code s}, {@code m} or {@code h} ({@code interval:250ms}, {@code interval:2s}: a form no shell
   * needs quoted), as the command line and the manifest write it. The older form
   * {@code interval(250ms)} (a bare number there is milliseconds) is read too.
   */
  public static Durability parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("none")) {
      return none();
    }
    if (t.equals("batch")) {
      return batch();
    }
    String v = null;
    boolean bareMillis = false;
    if (t.startsWith("interval:")) {
      v = t.substring("interval:".length()).trim();
    } else if (t.startsWith("interval(") && t.endsWith(")")) {
      v = t.substring("interval(".length(), t.length() - 1).trim();
      bareMillis = true;
    }
    if (v != null) {
      Duration d = intervalValue(v, bareMillis);
      if (d != null && !d.isZero() && !d.isNegative()) {
        return interval(d);
      }
    }
    throw new IllegalArgumentException("durability '" + text + "' is not one of none, batch, interval:<n>ms"
        + " (also interval:<n>s, interval:<n>m)");
  }

  private static final java.util.regex.Pattern AMOUNT = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  /** {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, ISO-8601 ({@code pt0.5s}); {@code null} if none of those. */
  private static Duration intervalValue(String v, boolean bareMillis) {
    try {
      java.util.regex.Matcher m = AMOUNT.matcher(v);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
          return bareMillis ? Duration.ofMillis(n) : null;
        }
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return v.startsWith("p") ? Duration.parse(v.toUpperCase(java.util.Locale.ROOT)) : null;
    } catch (NumberFormatException | ArithmeticException | java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The canonical form, which {@link #parse} reads back: {@code none}, {@code batch} or
   * {@code interval:<n>ms} (an interval that is not a whole number of milliseconds: ISO-8601 after the
   * colon).
   */
  @Override
  public String toString() {
    if (mode != Mode.INTERVAL) {
      return mode.name().toLowerCase(java.util.Locale.ROOT);
    }
    return "interval:" + (interval.getNano() % 1_000_000 == 0 ? interval.toMillis() + "ms" : interval.toString());
  }
}
