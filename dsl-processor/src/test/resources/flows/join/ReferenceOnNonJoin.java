package flows.join;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> doubled |> printed"})
class ReferenceOnNonJoin {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage(reference = "numbers") Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
