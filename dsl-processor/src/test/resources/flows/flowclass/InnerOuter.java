package flows.flowclass;

import dev.weir.api.*;
import dev.weir.dsl.*;

class InnerOuter {
  @Flow(topology = {"numbers |> doubled |> printed"})
  class Inner {
    @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
    @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
    @Stage Sink<Integer> printed() { return Sinks.discard(); }
  }
}
