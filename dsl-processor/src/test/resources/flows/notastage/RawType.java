package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> doubled |> printed"})
class RawType {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @SuppressWarnings("rawtypes")
  @Stage Transform doubled() { return (in, out) -> { }; }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
