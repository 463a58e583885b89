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
   * Parses {@code none}, {@code batch} or {@code interval(250ms)} / {@code interval(2s)}, as the
   * command line and the manifest write it.
   */
  public static Durability parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("none")) {
      return none();
    }
    if (t.equals("batch")) {
      return batch();
    }
    if (t.startsWith("interval(") && t.endsWith(")")) {
      String v = t.substring("interval(".length(), t.length() - 1).trim();
      try {
        if (v.endsWith("ms")) {
          return interval(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim())));
        }
        if (v.endsWith("s")) {
          return interval(Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim())));
        }
        return interval(Duration.ofMillis(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("durability '" + text + "' is not one of none, batch, interval(<n>ms)");
  }

  @Override
  public String toString() {
    return mode == Mode.INTERVAL ? "interval(" + interval.toMillis() + "ms)" : mode.name().toLowerCase();
  }
}
