package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"anything |> printed"})
class Unbounded {
  @Stage Source<?> anything() { return Sources.of("a", 1); }
  @Stage Sink<Object> printed() { return Sinks.discard(); }
}
