package dev.weir.processor;

import static dev.weir.processor.diag.Message.DUPLICATE_EDGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class DuplicateEdgeRuleTest {

  @Test
  void forwardAndBackflowBetweenTheSameStages_isReported() {
    Expect.onlyError("dupedge/BothWays.java",
        DUPLICATE_EDGE.format("doubled <| numbers", "numbers", "doubled", "numbers |> doubled"),
        "\"doubled <| numbers\"");
  }

  @Test
  void sameEdgeWrittenTwice_isOneEdge() {
    Compilation c = Expect.compiles("dupedge/SameEdgeTwice.java", "flows.dupedge.SameEdgeTwiceFlow");
    String generated = Expect.source(c, "flows.dupedge.SameEdgeTwiceFlow");
    assertThat(generated).containsOnlyOnce("EdgeDefinition.forward(\"numbers\", \"doubled\")");
  }
}
