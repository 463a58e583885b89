package com.example.greetings;

import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;

/** A valid flow; only the processor that would generate GreetingsFlow is missing. */
@Flow(name = "greetings", topology = {"names |> greet"})
public class Greetings {

  @Stage
  Source<String> names() {
    return Sources.of("Ada", "Grace");
  }

  @Stage
  Sink<String> greet() {
    return name -> System.out.println("Hello, " + name);
  }
}
