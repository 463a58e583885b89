package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> priced |> printed"})
@CircuitBreaker(fallback = "cached")
class FlowFallbackMistake {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }
  @Stage Transform<Integer, String> priced() { return Transforms.map(String::valueOf); }
  @Stage Sink<String> printed() { return Sinks.discard(); }

  String cached(Integer in) { return "cached"; }
}
