package flows.cycle;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "numbers |> a |> counter |> b |> printed",
    "a <| counter"
})
class ThroughStateful {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> a() { return Transforms.map(n -> n + 1); }
  @Stage Transform<Integer, Integer> b() { return Transforms.filter(n -> n < 10); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }

  @Stage Stateful<Integer, ?, Integer> counter() {
    return new Stateful<Integer, Integer, Integer>() {
      @Override public Integer initial() { return 0; }
      @Override public Integer accumulate(Integer state, Integer in) { return state + 1; }
      @Override public void emit(Integer state, Emitter<Integer> out) { out.emit(state); }
    };
  }
}
