package flows.garbage;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(maxIterations = -5, bufferSize = 0, topology = {
    "",
    "   ",
    "|>",
    "((((",
    "a |> |> b",
    "(a, b) <| c",
    "a\u0000b",
    "\uD83D\uDE42 |> a",
    "a |> b |> (c, d)",
    ")"
})
class Garbage {
  @Stage(name = "") Source<Integer> a() { return out -> false; }
  @Stage(name = "b", reference = "") Sink<Integer> b() { return Sinks.discard(); }
}
