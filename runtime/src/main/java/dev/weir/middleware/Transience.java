package dev.weir.middleware;

import dev.weir.api.ErrorKind;

/**
 * Which failures middleware treats as transient: the one rule for both the retry (retried) and the
 * circuit breaker (counted as a failure). {@code TIMEOUT}, {@code REMOTE} and {@code RATE_LIMITED}
 * are; {@code PERMANENT}, {@code DESERIALIZATION}, {@code VALIDATION}, {@code DOMAIN},
 * {@code UNKNOWN} and {@code CIRCUIT_OPEN} are not: bad data must not be retried nor open a breaker,
 * and an unclassified exception (a bug, most often) is not retried either; throw a
 * {@code StageException} with the kind, or an {@code IOException}, to have a failure retried.
 */
public final class Transience {

  private Transience() {}

  /** Whether a failure of {@code kind} is retried and counts against a circuit breaker. */
  public static boolean isTransient(ErrorKind kind) {
    return kind == ErrorKind.TIMEOUT || kind == ErrorKind.REMOTE || kind == ErrorKind.RATE_LIMITED;
  }
}
