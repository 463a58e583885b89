package flows.flowclass;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
enum EnumFlow {
  ONLY;

  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
