package flows.settings;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> scaled |> printed"})
public class NeedsDependency {
  /** What a DI container would hand the flow. */
  public record Scale(int factor) {}

  private final Scale scale;

  public NeedsDependency(Scale scale) { this.scale = scale; }

  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Transform<Integer, Integer> scaled() { return Transforms.map(n -> n * scale.factor()); }
  @Stage Sink<Integer> printed() { return Sinks.discard(); }
}
