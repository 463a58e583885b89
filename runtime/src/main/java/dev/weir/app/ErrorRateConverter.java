package dev.weir.app;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --max-error-rate}: a percentage ({@code 1%}, {@code 0.5%}) or a fraction ({@code 0.01}), 0 to 1. */
final class ErrorRateConverter implements ITypeConverter<Double> {

  @Override
  public Double convert(String value) {
    return parse(value);
  }

  /** The rate {@code value} names, as a fraction; a {@link TypeConversionException} saying why not otherwise. */
  static double parse(String value) {
    String v = value.trim();
    boolean percent = v.endsWith("%");
    if (percent) {
      v = v.substring(0, v.length() - 1).trim();
    }
    BigDecimal rate;
    try {
      rate = new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw notARate(value);
    }
    if (percent) {
      rate = rate.movePointLeft(2);
    }
    if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
      throw notARate(value);
    }
    return rate.doubleValue();
  }

  private static TypeConversionException notARate(String value) {
    return new TypeConversionException("'" + value + "' is not an error rate: give a percentage from 0% to 100% (1%,"
        + " 0.5%) or a fraction from 0 to 1 (0.01)");
  }
}
