package flows.config;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(name = "custom-flow.v2", maxIterations = 1, bufferSize = 2,
    topology = {"numbers |> doubled |> printed"})
class CustomConfig {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
