package flows.unconnected;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> doubled |> printed", "numbers |> tripled"})
class DeadEnd {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }

  @Stage Transform<Integer, Integer> tripled() { return Transforms.map(n -> n * 3); }
}
