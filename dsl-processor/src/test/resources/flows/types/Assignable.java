package flows.types;

import dev.weir.api.*;
import dev.weir.dsl.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

@Flow(topology = {
    "numbers |> printed",
    "lists |> sizes |> printed"
})
class Assignable {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Source<ArrayList<String>> lists() { return Sources.of(List.of(new ArrayList<>(List.of("a")))); }
  @Stage Transform<Collection<String>, Integer> sizes() { return Transforms.map(Collection::size); }
  @Stage Sink<Number> printed() { return Sinks.discard(); }
}
