package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StageAssert}'s assertions on the order journal of a stage with several inputs. */
class OrderAssertTest {

  /** left sends a, b; then right c; then left d: merge reads left, left, right, left. */
  private static void fedInTurns(TestSource<String> left, TestSource<String> right, FlowTestRun run) {
    left.send("a", "b");
    run.settle();
    right.send("c");
    run.settle();
    left.send("d");
    run.settle();
    left.end();
    right.end();
    run.assertCompleted();
  }

  @Test
  void consumedInOrder_namesTheUpstreamOfEachEventRead() {
    TestSource<String> left = TestSource.create();
    TestSource<String> right = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(FanInTest.merged()).withSource("left", left).withSource("right", right)
        .start()) {
      fedInTurns(left, right, run);

      run.assertStage("merge").consumedInOrder("left", "left", "right", "left")
          .consumedInOrder(List.of("left", "left", "right", "left"))
          .hasConsumedFrom("left", 3).hasConsumedFrom("right", 1);
      assertThat(run.assertStage("merge").consumedOrder()).containsExactly("left", "left", "right", "left");
    }
  }

  @Test
  void aDifferentOrder_failsShowingBothOrdersAndWhereTheyDiffer() {
    TestSource<String> left = TestSource.create();
    TestSource<String> right = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(FanInTest.merged()).withSource("left", left).withSource("right", right)
        .start()) {
      fedInTurns(left, right, run);
      StageAssert merge = run.assertStage("merge");

      assertThatThrownBy(() -> merge.consumedInOrder("left", "right", "left", "left"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("stage 'merge' of flow 'merged': expected to consume 4 events in the order given,"
              + " consumed 4; first difference at index 1: expected an event from 'right' but it read one from 'left'")
          .hasMessageContaining("expected: left x1, right x1, left x2")
          .hasMessageContaining("consumed: left x2, right x1, left x1");
      assertThatThrownBy(() -> merge.consumedInOrder("left", "left", "right"))
          .hasMessageContaining("first difference at index 3: expected nothing more but it read an event from 'left'");
      assertThatThrownBy(() -> merge.hasConsumedFrom("right", 2))
          .hasMessageContaining("expected to consume 2 events from 'right', consumed 1; its order: left x2, right x1, left x1");
      assertThatThrownBy(() -> merge.hasConsumedFrom("middle", 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stage 'merge' of flow 'merged' has no input from 'middle'; its inputs: [left, right]");
    }
  }

  @Test
  void aStageWithOneInput_keepsNoOrderJournal_andSaysSo() {
    FlowTestRun run = FlowTestKit.run(FanInTest.merged()).withSource("left", List.of("x"))
        .withSource("right", List.of("y")).complete();
    assertThatThrownBy(() -> run.assertStage("printed").consumedInOrder("merge", "merge"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("stage 'printed' of flow 'merged': it keeps no order journal: only a stage with several inputs (or a"
            + " stateful stage whose timer fires) records the order it read them in; its inputs: [merge]");
  }
}
