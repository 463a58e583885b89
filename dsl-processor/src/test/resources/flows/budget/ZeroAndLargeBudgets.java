package flows.budget;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> checked |> printed"})
class ZeroAndLargeBudgets {
  @Stage(maxErrors = 0) Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage(maxErrors = 10_000_000_000L) Transform<Integer, Integer> checked() { return Transforms.map(n -> n); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
