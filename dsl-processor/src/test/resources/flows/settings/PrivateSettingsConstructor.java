package flows.settings;

import dev.weir.api.*;
import dev.weir.dsl.*;
import dev.weir.flow.FlowSettings;

@Flow(topology = {"numbers |> scaled |> printed"})
class PrivateSettingsConstructor {
  private final int factor;

  private PrivateSettingsConstructor(FlowSettings settings) { this.factor = settings.getInt("factor", 1); }
  PrivateSettingsConstructor(FlowSettings... settings) { this.factor = settings.length; }

  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> scaled() { return Transforms.map(n -> n * factor); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
