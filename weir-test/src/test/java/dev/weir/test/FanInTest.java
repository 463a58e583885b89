package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stage with two inputs: the kit gives the runtime's order, which the stage's order journal records. */
class FanInTest {

  static FlowDefinition merged() {
    return FlowDefinition.define("merged")
        .stage(StageDefinition.source("left", ElementType.of(String.class), f -> Sources.of("l")))
        .stage(StageDefinition.source("right", ElementType.of(String.class), f -> Sources.of("r")))
        .stage(StageDefinition.transform("merge", StageKind.TRANSFORM, ElementType.of(String.class),
            ElementType.of(String.class), f -> Transforms.map((String s) -> s.toUpperCase(java.util.Locale.ROOT))))
        .stage(StageDefinition.sink("printed", ElementType.of(String.class), f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
  }

  @Test
  void fanIn_keepsEachInputsOrder_andRecordsTheInterleaving() {
    List<String> left = new ArrayList<>();
    List<String> right = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      left.add("l" + i);
      right.add("r" + i);
    }
    FlowTestRun run = FlowTestKit.run(merged()).withSource("left", left).withSource("right", right).complete();

    run.assertCompletedWithoutErrors();
    List<String> both = new ArrayList<>(left);
    both.addAll(right);
    run.assertStage("merge").hasEmittedInAnyOrder(both.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList());
    List<String> out = run.outputs("merge");
    assertThat(out.stream().filter(s -> s.startsWith("L")).toList())
        .isEqualTo(left.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList());
    assertThat(out.stream().filter(s -> s.startsWith("R")).toList())
        .isEqualTo(right.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList());
    assertThat(run.journals().order("merge")).isPresent();
    assertThat(run.journals().order("merge").get().lastSeq()).isPositive();
  }

  @Test
  void testSourcesFedOneAfterTheOther_giveADeterministicFanInOrder() {
    TestSource<String> left = TestSource.create();
    TestSource<String> right = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(merged()).withSource("left", left).withSource("right", right).start()) {
      left.send("a", "b");
      run.settle();
      right.send("c");
      run.settle();
      left.send("d");
      run.settle();
      right.send("e");
      left.end();
      right.end();

      run.assertCompleted();
      run.assertStage("merge").hasEmitted("A", "B", "C", "D", "E");
    }
  }
}
