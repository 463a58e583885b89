package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> named |> doubled |> printed"})
class Stateless {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage StatelessTransform<Integer, String> named() { return (in, out) -> out.emit("n" + in); }
  @Stage StatelessTransform<String, String> doubled() { return Transforms.map((String s) -> s + s); }
  @Stage Sink<String> printed() { return Sinks.discard(); }
}
