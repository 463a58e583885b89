package dev.weir.app;

import dev.weir.flow.ErrorBudget;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --error-window}: how many of a stage's latest inputs its error rate is judged over. */
final class ErrorWindowConverter implements ITypeConverter<Integer> {

  @Override
  public Integer convert(String value) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw notAWindow(value);
    }
    if (n < 1 || n > ErrorBudget.MAX_WINDOW) {
      throw notAWindow(value);
    }
    return n;
  }

  private static TypeConversionException notAWindow(String value) {
    return new TypeConversionException("'" + value + "' is not a window of inputs: give a whole number from 1 to "
        + ErrorBudget.MAX_WINDOW);
  }
}
