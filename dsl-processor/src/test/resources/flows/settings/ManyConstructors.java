package flows.settings;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> scaled |> printed"})
class ManyConstructors {
  private final int factor;

  ManyConstructors() { this(1); }
  ManyConstructors(int factor) { this.factor = factor; }
  ManyConstructors(String factor, int unused) { this(Integer.parseInt(factor)); }

  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> scaled() { return Transforms.map(n -> n * factor); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
