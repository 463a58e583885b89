package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> printed"})
class Ambiguous {
  static final class Both implements Source<Integer>, Sink<Integer> {
    @Override public boolean next(Emitter<Integer> out) { return false; }
    @Override public void consume(Integer item) { }
  }

  @Stage Both numbers() { return new Both(); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
