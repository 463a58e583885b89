package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

@Flow(topology = {
    "numbers |> priced |> printed", "numbers |> later |> printed", "numbers |> widened |> chars",
    "numbers |> listed |> joined |> printed", "numbers |> inheriting |> printed", "numbers |> unboxed |> printed"})
@CircuitBreaker(fallback = "cached")
public class FallbackShapes extends FallbackShapesBase {
  public final List<Object> seen = new ArrayList<>();

  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }
  @Stage Transform<Integer, String> priced() { return Transforms.map(String::valueOf); }
  @Stage AsyncTransform<Integer, String> later() { return n -> CompletableFuture.completedFuture("" + n); }
  @Stage Sink<String> printed() { return Sinks.discard(); }

  @CircuitBreaker(fallback = "anyNumber")
  @Stage Transform<Integer, CharSequence> widened() { return Transforms.map(String::valueOf); }
  @Stage Sink<CharSequence> chars() { return Sinks.discard(); }

  @CircuitBreaker(onOpen = OnOpen.DEAD_LETTER)
  @Stage Transform<Integer, List<String>> listed() { return Transforms.map(n -> List.of("" + n)); }
  @CircuitBreaker(fallback = "firstOf")
  @Stage Transform<List<String>, String> joined() { return Transforms.map(l -> String.join(",", l)); }

  @CircuitBreaker(fallback = "inherited")
  @Stage Transform<Integer, String> inheriting() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "primitive")
  @Stage Transform<Integer, String> unboxed() { return Transforms.map(String::valueOf); }

  /** For priced and later, an Integer in: a String out. */
  String cached(Integer in) { return "cached " + in; }

  /** For printed and chars, a Sink of String. */
  void cached(String in) { seen.add(in); }

  /** For chars, a Sink of CharSequence. */
  void cached(CharSequence in) { seen.add("chars " + in); }

  /** Takes a supertype of the input and returns a subtype of the output. */
  String anyNumber(Number in) { return "number " + in; }

  String firstOf(List<String> in) { return in.get(0); }

  String primitive(int in) { return "int " + in; }
}

class FallbackShapesBase {
  public String inherited(Integer in) { return "inherited " + in; }
}
