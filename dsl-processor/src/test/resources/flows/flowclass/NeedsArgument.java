package flows.flowclass;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> doubled |> printed"})
class NeedsArgument {
  private final int factor;

  NeedsArgument(int factor) { this.factor = factor; }

  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * factor); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
