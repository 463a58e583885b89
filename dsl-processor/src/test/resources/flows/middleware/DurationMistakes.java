package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> a |> b |> c |> printed"})
@Timeout("0ms")
class DurationMistakes {
  @Retry(initialDelay = "100 ms", maxDelay = "1.5ns")
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }

  @Retry(initialDelay = "2s",
      maxDelay = "500ms")
  @CircuitBreaker(waitInOpen = "0s", slowCallDuration = "PT-1S")
  @Stage Transform<Integer, Integer> a() { return Transforms.map(n -> n); }

  @Retry(initialDelay = "-PT1S", maxDelay = "2 s")
  @Timeout("PT-2S")
  @Stage Transform<Integer, Integer> b() { return Transforms.map(n -> n); }

  @Retry(initialDelay = "10s")
  @CircuitBreaker(waitInOpen = "soon", slowCallDuration = "1.5S")
  @Timeout("")
  @Stage Transform<Integer, Integer> c() { return Transforms.map(n -> n); }

  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
