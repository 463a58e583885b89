package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> a |> b |> printed"})
@RateLimit(perSecond = 0.5)
class ValuesAtTheLimits {
  @RateLimit(perSecond = 2.2, burst = 0)
  @Retry(maxAttempts = 1, initialDelay = "0ms", multiplier = 1.0, maxDelay = "0ms", jitter = 1.0)
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }

  @CircuitBreaker(failureRateThreshold = 100, slidingWindowSize = 1, minimumCalls = 1, waitInOpen = "1ns",
      halfOpenCalls = 1, slowCallDuration = "1ns", slowCallRateThreshold = 0.001, fallback = "", onOpen = OnOpen.FAIL_FLOW)
  @Retry(initialDelay = "1.5s", maxDelay = "1.5s", jitter = 0)
  @Timeout("PT2S")
  @Stage Transform<Integer, Integer> a() { return Transforms.map(n -> n); }

  @CircuitBreaker(waitInOpen = "250us", slowCallDuration = "0.25ms")
  @Retry(initialDelay = "2m", maxDelay = "36h")
  @Timeout("1h")
  @Stage Transform<Integer, Integer> b() { return Transforms.map(n -> n); }

  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
