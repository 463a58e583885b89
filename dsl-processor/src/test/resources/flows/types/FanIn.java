package flows.types;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "numbers |> printed",
    "words |> printed"
})
class FanIn {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Source<String> words() { return Sources.of("a", "b"); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
