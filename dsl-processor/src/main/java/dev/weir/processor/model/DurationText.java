package dev.weir.processor.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as the middleware annotations write it: a number and a unit, or ISO-8601.
 *
 * <pre>
 * duration := number unit | iso
 * number   := digit+ ("." digit+)?          no sign, no spaces, no exponent
 * unit     := "ns" | "us" | "ms" | "s" | "m" | "h"   (lower case; m is minutes)
 * iso      := what java.time.Duration.parse accepts: "PT2S", "PT0.5S", "PT1M30S", "P1D", "-PT1S"
 * </pre>
 *
 * A number-and-unit duration is a whole number of nanoseconds ({@code 1.5s}, {@code 0.25ms} are
 * fine, {@code 1.5ns} is not). Only ISO-8601 can write a negative duration.
 */
public final class DurationText {

  private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  /** What reading a duration gave. */
  public sealed interface Result {}

  /** A duration. */
  public record Parsed(Duration duration) implements Result {
    public Parsed {
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** Not a duration by the grammar, or one too long for {@link Duration}. */
  public record Malformed() implements Result {}

  /** A number and a unit that make a fraction of a nanosecond, for example {@code 1.5ns}. */
  public record FinerThanNanoseconds() implements Result {}

  private DurationText() {}

  /** Reads {@code text}. */
  public static Result parse(String text) {
    Matcher m = NUMBER_AND_UNIT.matcher(text);
    if (m.matches()) {
      BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2))));
      BigInteger whole;
      try {
        whole = nanos.toBigIntegerExact();
      } catch (ArithmeticException e) {
        return new FinerThanNanoseconds();
      }
      BigInteger[] secondsAndNanos = whole.divideAndRemainder(NANOS_PER_SECOND);
      if (secondsAndNanos[0].bitLength() >= Long.SIZE) {
        return new Malformed();
      }
      return new Parsed(Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue()));
    }
    if (!text.isEmpty() && "Pp+-".indexOf(text.charAt(0)) >= 0) {
      try {
        return new Parsed(Duration.parse(text));
      } catch (DateTimeParseException | ArithmeticException e) {
        return new Malformed();
      }
    }
    return new Malformed();
  }

  /** {@code text} read as a duration, for text the rules accepted. */
  public static Duration valueOf(String text) {
    if (parse(text) instanceof Parsed p) {
      return p.duration();
    }
    throw new IllegalArgumentException("not a duration: \"" + text + "\"");
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException(unit);
    };
  }
}
