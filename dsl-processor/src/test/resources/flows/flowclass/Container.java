package flows.flowclass;

import dev.weir.api.*;
import dev.weir.dsl.*;

class Container {
  @Flow(topology = {"numbers |> doubled |> printed"})
  static class Nested {
    final int factor;

    Nested() { this(3); }

    private Nested(int factor) { this.factor = factor; }

    @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
    @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * factor); }
    @Stage Sink<Integer> printed() { return Sinks.discard(); }
  }
}
