package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> same |> printed"})
class GenericMethod {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage <T> Transform<T, T> same() { return Transforms.map(x -> x); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
