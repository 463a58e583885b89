package flows.cycle;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "numbers |> a |> printed",
    "numbers |> b |> printed",
    "a <| b"
})
class BackflowNoCycle {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> a() { return Transforms.map(n -> n + 1); }
  @Stage Transform<Integer, Integer> b() { return Transforms.filter(n -> n < 10); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
