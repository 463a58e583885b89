package dev.weir.app;

import dev.weir.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a positive duration option: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 7d}, or
 * ISO-8601 such as {@code PT30S}.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** The duration {@code value} names; a {@link TypeConversionException} saying why not otherwise. */
  static Duration parse(String value) {
    Duration d;
    try {
      d = DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (d.isZero() || d.isNegative()) {
      throw new TypeConversionException("'" + value + "' is not a positive duration");
    }
    return d;
  }

  /** {@code d} the way a user writes it: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 7d}. */
  static String format(Duration d) {
    return DurationText.format(d);
  }
}
