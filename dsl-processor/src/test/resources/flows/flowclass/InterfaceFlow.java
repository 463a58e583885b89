package flows.flowclass;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
interface InterfaceFlow {
  @Stage Source<Integer> numbers();
  @Stage Sink<Integer> printed();
}
