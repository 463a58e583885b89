package flows.edges;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "numbers |> doubled |> printed",
    "doubled |> logged"
})
class FanOut {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }

  @Stage Sink<Integer> logged() { return Sinks.discard(); }
}
