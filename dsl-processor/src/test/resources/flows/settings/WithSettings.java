package flows.settings;

import dev.weir.api.*;
import dev.weir.dsl.*;
import dev.weir.flow.FlowSettings;

@Flow(topology = {"numbers |> scaled |> printed"})
public class WithSettings {
  private final int factor;
  private final int count;

  public WithSettings(FlowSettings settings) {
    this.factor = settings.getInt("factor", 2);
    this.count = settings.getInt("count", 3);
  }

  @Stage Source<Integer> numbers() { return Sources.range(count, i -> (int) i + 1); }
  @Stage Transform<Integer, Integer> scaled() { return Transforms.map(n -> n * factor); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
