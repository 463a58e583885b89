package flows.cycle;

import dev.weir.api.*;
import dev.weir.dsl.*;
import java.util.concurrent.CompletableFuture;

@Flow(topology = {
    "numbers |> a |> lookup |> b |> printed",
    "a <| lookup"
})
class ThroughAsync {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> a() { return Transforms.map(n -> n + 1); }
  @Stage AsyncTransform<Integer, Integer> lookup() { return n -> CompletableFuture.completedFuture(n * 2); }
  @Stage Transform<Integer, Integer> b() { return Transforms.filter(n -> n < 10); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
