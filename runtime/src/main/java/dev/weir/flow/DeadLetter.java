package dev.weir.flow;

import dev.weir.api.ErrorKind;

/**
 * The payload of an error-journal record: the input that failed and why.
 *
 * @param kind the error's classification
 * @param exception the exception's class name
 * @param message the exception's message
 * @param input the input that failed
 * @param attempts how many times the call was made before the input was given up (1 without a retry)
 */
public record DeadLetter(ErrorKind kind, String exception, String message, Object input, int attempts) {

  public DeadLetter {
    if (attempts < 1) {
      throw new IllegalArgumentException("a dead letter's attempts must be at least 1, got " + attempts);
    }
  }

  /** A dead letter of an input tried once. */
  public DeadLetter(ErrorKind kind, String exception, String message, Object input) {
    this(kind, exception, message, input, 1);
  }
}
