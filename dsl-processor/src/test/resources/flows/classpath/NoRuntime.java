package flows.classpath;

import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
class NoRuntime {
  @Stage String numbers() { return "1"; }
  @Stage String printed() { return ""; }
}
