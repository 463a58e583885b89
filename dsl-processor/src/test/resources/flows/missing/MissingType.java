package flows.missing;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
class MissingType {
  @Stage Source<NoSuchPayload> numbers() { return out -> false; }
  @Stage Sink<Object> printed() { return Sinks.discard(); }
}
