package dev.weir.processor;

import static dev.weir.processor.diag.Message.SOURCE_INPUT;

import org.junit.jupiter.api.Test;

class SourceInputRuleTest {

  @Test
  void edgeIntoSource_isReported() {
    Expect.onlyError("edges/IntoSource.java", SOURCE_INPUT.format("doubled |> numbers", "numbers"),
        "\"doubled |> numbers\"");
  }

  @Test
  void sourceOnlyStartingEdges_compiles() {
    Expect.compiles("edges/FanOut.java", "flows.edges.FanOutFlow");
  }
}
