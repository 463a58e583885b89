package dev.weir.flow;

/**
 * Answers an input while a stage's circuit breaker is open: the generated definition calls the
 * flow-class method a {@code @CircuitBreaker(fallback = "...")} names, on the run's flow instance.
 * For a sink it returns null.
 */
@FunctionalInterface
public interface Fallback {

  /** The output for {@code input}, from the flow object {@code flow} of the run. */
  Object apply(Object flow, Object input) throws Exception;
}
