package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;
import java.util.concurrent.CompletableFuture;

@Flow(topology = {"(names, numbers) |> named |> upper |> later |> counted |> printed"})
@Retry
@CircuitBreaker
@RateLimit(perSecond = 50, burst = 5)
@Timeout("1s")
class DefaultsSkipKinds {
  @Stage Source<String> names() { return Sources.of("one", "two"); }
  @Stage Source<Integer> numbers() { return Sources.of(3, 4); }
  @Stage(reference = "names")
  Join<String, Integer, String> named() { return Joins.inner(s -> s.length(), n -> n, (s, n) -> s); }
  @Stage Transform<String, String> upper() { return Transforms.map(String::toUpperCase); }
  @Stage AsyncTransform<String, String> later() { return s -> CompletableFuture.completedFuture(s); }
  @Stage Stateful<String, ?, Integer> counted() { return Aggregations.reduce(() -> 0, (n, s) -> n + 1); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
