package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> doubled |> tripled |> printed"})
@Retry(
    maxAttempts = 0,
    multiplier = 0.5,
    jitter = 1.5)
@RateLimit(perSecond = 0)
class ValueMistakes {
  @RateLimit(perSecond = Double.POSITIVE_INFINITY, burst = -1)
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }

  @CircuitBreaker(
      failureRateThreshold = 0,
      slidingWindowSize = 0,
      minimumCalls = -3,
      halfOpenCalls = 0,
      slowCallRateThreshold = 100.5)
  @Retry(multiplier = Double.NaN)
  @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }

  @CircuitBreaker(failureRateThreshold = -1)
  @Stage Transform<Integer, Integer> tripled() { return Transforms.map(n -> n * 3); }

  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
