package flows.types;

import dev.weir.api.*;
import dev.weir.dsl.*;

import java.util.List;

@Flow(topology = {
    "lists |> printed"
})
class InvariantGenerics {
  @Stage Source<List<Integer>> lists() { return Sources.of(List.of(1)); }
  @Stage Sink<List<Number>> printed() { return Sinks.discard(); }
}
