package dev.weir.dsl;

/** What a stage does with an input while its circuit breaker is open and it has no fallback. */
public enum OnOpen {
  /** The input goes to the stage's error journal with the kind {@code CIRCUIT_OPEN}. */
  DEAD_LETTER,
  /** The stage waits until the breaker half-opens, then tries the input: upstream backpressure. */
  WAIT,
  /** The flow fails, naming the stage and the breaker's failure rate. */
  FAIL_FLOW
}
