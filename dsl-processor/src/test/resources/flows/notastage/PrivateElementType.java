package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"secrets |> printed"})
class PrivateElementType {
  private record Secret(int n) {}

  @Stage Source<Secret> secrets() { return Sources.of(new Secret(1)); }
  @Stage Sink<Object> printed() { return Sinks.discard(); }
}
