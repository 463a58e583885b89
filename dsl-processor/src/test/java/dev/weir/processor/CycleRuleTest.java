package dev.weir.processor;

import static dev.weir.processor.diag.Message.BACKFLOW_CLOSES_NO_CYCLE;
import static dev.weir.processor.diag.Message.CYCLE_ENTRY_POINTS;
import static dev.weir.processor.diag.Message.CYCLE_FORWARD_ONLY;
import static dev.weir.processor.diag.Message.CYCLE_NON_TRANSFORM;

import org.junit.jupiter.api.Test;

class CycleRuleTest {

  @Test
  void twoStageLoop_reportsCycleOnce() {
    Expect.onlyError("cycle/TwoStageLoop.java", CYCLE_FORWARD_ONLY.format("a -> b -> a", "a", "b"), "\"b |> a\"");
  }

  @Test
  void forwardSelfLoop_isReported() {
    Expect.onlyError("cycle/SelfLoop.java", CYCLE_FORWARD_ONLY.format("a -> a", "a", "a"), "\"a |> a\"");
  }

  @Test
  void cycleThroughStateful_isReported() {
    Expect.onlyError("cycle/ThroughStateful.java",
        CYCLE_NON_TRANSFORM.format("a -> counter -> a", "counter", "a Stateful"), "\"a <| counter\"");
  }

  @Test
  void cycleThroughAsyncTransform_isReported() {
    // the engine runs cycles of transforms only: an async transform in one is refused here, not at start
    Expect.onlyError("cycle/ThroughAsync.java",
        CYCLE_NON_TRANSFORM.format("a -> lookup -> a", "lookup", "an AsyncTransform"), "\"a <| lookup\"");
  }

  @Test
  void cycleWithTwoEntryPoints_isReported() {
    Expect.onlyError("cycle/TwoEntries.java",
        CYCLE_ENTRY_POINTS.format("a -> b -> a", 2, "'a' from 'numbers', 'b' from 'more'"), "\"a <| b\"");
  }

  @Test
  void backflowClosingNoCycle_isReported() {
    Expect.onlyError("cycle/BackflowNoCycle.java", BACKFLOW_CLOSES_NO_CYCLE.format("a <| b", "a", "b", "b", "a"),
        "\"a <| b\"");
  }

  @Test
  void transformLoopClosedByBackflowWithOneEntry_compiles() {
    Expect.compiles("cycle/LegalLoop.java", "flows.cycle.LegalLoopFlow");
  }

  @Test
  void backflowSelfLoop_compiles() {
    Expect.compiles("cycle/LegalSelfLoop.java", "flows.cycle.LegalSelfLoopFlow");
  }
}
