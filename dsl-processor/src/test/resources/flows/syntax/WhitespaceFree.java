package flows.syntax;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers|>doubled", "  doubled\t|>   printed  "})
class WhitespaceFree {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> doubled() { return Transforms.map(n -> n * 2); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
