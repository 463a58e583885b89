package dev.weir.processor;

import static dev.weir.processor.diag.Message.SINK_OUTPUT;

import org.junit.jupiter.api.Test;

class SinkOutputRuleTest {

  @Test
  void edgeOutOfSink_isReported() {
    Expect.onlyError("edges/OutOfSink.java", SINK_OUTPUT.format("printed |> logged", "printed"),
        "\"printed |> logged\"");
  }

  @Test
  void sinksOnlyEndingEdges_compile() {
    Expect.compiles("edges/FanOut.java", "flows.edges.FanOutFlow");
  }
}
