package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
class Wildcard {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Sink<? extends Number> printed() { return Sinks.<Integer>discard(); }
}
