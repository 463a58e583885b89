package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
class StrayMiddleware {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }

  @Retry
  Source<Integer> helper() { return Sources.of(3); }
}

@Timeout("1s")
class NotAFlowAtAll {
  @RateLimit(perSecond = 1)
  void work() {}
}
