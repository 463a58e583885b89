package flows.types;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "words |> doubled |> printed"
})
class WrongInput {
  @Stage Source<String> words() { return Sources.of("a", "b"); }
  @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
