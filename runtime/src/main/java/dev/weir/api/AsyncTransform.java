package dev.weir.api;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A transform whose result arrives later, with a bounded number of requests in flight. Results are
 * journaled and emitted in input order.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface AsyncTransform<I, O> {

  /** Starts the work for one input. */
  CompletionStage<O> apply(I in) throws Exception;

  /** The most requests that may be outstanding at once. */
  default int maxInFlight() {
    return 64;
  }

  /** How long one call may take; past it, its input goes to the error journal as {@code TIMEOUT}. */
  default Duration timeout() {
    return Duration.ofSeconds(30);
  }
}
