package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"(names, numbers) |> named |> counted |> printed"})
class KindMistakes {
  @Retry
  @Stage Source<String> names() { return Sources.of("one", "two"); }

  @CircuitBreaker
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }

  @Timeout("2s")
  @RateLimit(perSecond = 10)
  @Stage(reference = "names")
  Join<String, Integer, String> named() { return Joins.inner(s -> s.length(), n -> n, (s, n) -> s); }

  @Retry(maxAttempts = 2)
  @RateLimit(perSecond = 5)
  @Stage Stateful<String, ?, Integer> counted() { return Aggregations.reduce(() -> 0, (n, s) -> n + 1); }

  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
