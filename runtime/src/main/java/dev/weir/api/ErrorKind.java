package dev.weir.api;

/** Why an input failed; recorded with it in the stage's error journal. */
public enum ErrorKind {
  /** The work took too long. */
  TIMEOUT,
  /** A remote system failed or could not be reached. */
  REMOTE,
  /** A remote system refused the work for now. */
  RATE_LIMITED,
  /** Retrying will not help. */
  PERMANENT,
  /** The input could not be decoded. */
  DESERIALIZATION,
  /** The input is not valid. */
  VALIDATION,
  /** A business rule rejected the input. */
  DOMAIN,
  /** Anything else. */
  UNKNOWN,
  /**
   * The stage's circuit breaker was open and the stage has no fallback: the call was not made.
   * (Appended last: journals record kinds by ordinal.)
   */
  CIRCUIT_OPEN
}
