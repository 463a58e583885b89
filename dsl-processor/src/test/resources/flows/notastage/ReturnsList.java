package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

import java.util.List;

@Flow(topology = {"numbers |> printed"})
class ReturnsList {
  @Stage List<Integer> numbers() { return List.of(1, 2, 3); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
