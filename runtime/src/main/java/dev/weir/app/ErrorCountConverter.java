package dev.weir.app;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --max-errors}: a whole number of errors, 0 or more. */
final class ErrorCountConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw notACount(value);
    }
    if (n < 0) {
      throw notACount(value);
    }
    return n;
  }

  private static TypeConversionException notACount(String value) {
    return new TypeConversionException("'" + value + "' is not a number of errors: give a whole number, 0 or more"
        + " (0: the first error fails the run)");
  }
}
