package flows.missing;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {NoSuchNames.TOPOLOGY})
class MissingConstant {
  @Stage Source<Integer> numbers() { return out -> false; }
  @Stage Sink<Object> printed() { return Sinks.discard(); }
}
