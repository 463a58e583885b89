package flows.budget;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> checked |> printed"})
class BadMaxErrors {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage(maxErrors = -5)
  Transform<Integer, Integer> checked() { return Transforms.map(n -> n); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
