package flows.cycle;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "a |> b |> c |> d",
    "b <| c"
})
class LegalLoop {
  @Stage Source<Integer> a() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> b() { return Transforms.map(n -> n + 1); }
  @Stage Transform<Integer, Integer> c() { return Transforms.map(n -> n * 2); }
  @Stage Sink<Integer> d() { return Sinks.discard(); }
}
