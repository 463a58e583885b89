package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;
import flows.middleware.base.RemoteBase;

@Flow(topology = {"numbers |> priced |> printed"})
class InheritedFallback extends RemoteBase {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }
  @CircuitBreaker(fallback = "remote")
  @Stage Transform<Integer, String> priced() { return Transforms.map(String::valueOf); }
  @Stage Sink<String> printed() { return Sinks.discard(); }
}
