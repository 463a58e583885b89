package flows.stray;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
class NotAFlow {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }

  static class Helpers {
    @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
  }
}
