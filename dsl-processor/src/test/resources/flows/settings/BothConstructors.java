package flows.settings;

import dev.weir.api.*;
import dev.weir.dsl.*;
import dev.weir.flow.FlowSettings;

@Flow(topology = {"numbers |> scaled |> printed"})
class BothConstructors {
  private final int factor;

  BothConstructors() { this(FlowSettings.empty()); }
  BothConstructors(int factor) { this.factor = factor; }
  BothConstructors(FlowSettings settings) { this.factor = settings.getInt("factor", 10); }

  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> scaled() { return Transforms.map(n -> n * factor); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
