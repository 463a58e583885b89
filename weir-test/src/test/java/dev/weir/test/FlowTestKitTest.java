package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The kit on a hand-built flow: {@code lines |> parse |> doubled |> printed}. */
class FlowTestKitTest {

  /** Parses each line as an int: "x" is a VALIDATION error, a negative number a DOMAIN error. */
  private static Transform<String, Integer> parse() {
    return (line, out) -> {
      int n;
      try {
        n = Integer.parseInt(line);
      } catch (NumberFormatException e) {
        throw new StageException(ErrorKind.VALIDATION, "not a number: '" + line + "'", e);
      }
      if (n < 0) {
        throw new StageException(ErrorKind.DOMAIN, "negative: " + n);
      }
      out.emit(n);
    };
  }

  static FlowDefinition numbers() {
    return FlowDefinition.define("numbers")
        .stage(StageDefinition.source("lines", ElementType.of(String.class), f -> Sources.of("1", "2", "3")))
        .stage(StageDefinition.transform("parse", StageKind.TRANSFORM, ElementType.of(String.class),
            ElementType.of(Integer.class), f -> parse()))
        .stage(StageDefinition.transform("doubled", StageKind.TRANSFORM, ElementType.of(Integer.class),
            ElementType.of(Integer.class), f -> Transforms.map((Integer x) -> x * 2)))
        .stage(StageDefinition.sink("printed", ElementType.of(Integer.class), f -> Sinks.discard()))
        .chain("lines", "parse", "doubled", "printed")
        .build();
  }

  @Test
  void withSourceAndReplacedSink_runsTheRealStagesOnTheList() {
    List<Integer> printed = new CopyOnWriteArrayList<>();
    FlowTestRun run = FlowTestKit.run(numbers())
        .withSource("lines", List.of("4", "x", "5", "-7", "6"))
        .replacing("printed", Sinks.collect(printed))
        .complete();

    run.assertCompleted();
    List<Integer> parsed = run.outputs("parse");
    assertThat(parsed).containsExactly(4, 5, 6);
    assertThat(run.outputs("doubled", Integer.class)).containsExactly(8, 10, 12);
    assertThat(printed).containsExactly(8, 10, 12);
    run.assertStage("parse").hasEmitted(4, 5, 6).hasEmittedCount(3).hasReceived(5).hasErrors(2)
        .hasErrorFor("x", ErrorKind.VALIDATION, "not a number: 'x'")
        .hasErrorFor("-7", ErrorKind.DOMAIN, "negative: -7");
    run.assertStage("doubled").hasNoErrors().hasEmitted(List.of(8, 10, 12));
    run.assertStage("printed").hasEmittedCount(3).hasReceived(3);

    List<DeadLetter> dead = run.deadLetters("parse");
    assertThat(dead).extracting(DeadLetter::kind).containsExactly(ErrorKind.VALIDATION, ErrorKind.DOMAIN);
    assertThat(dead).extracting(DeadLetter::input).containsExactly("x", "-7");
    FlowResult r = run.result();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("parse").errors()).isEqualTo(2);
    assertThat(run.records("printed")).filteredOn(rec -> rec.kind() == RecordKind.RECEIPT).hasSize(3);
    assertThat(run.records("doubled").get(run.records("doubled").size() - 1).kind()).isEqualTo(RecordKind.END_OF_STREAM);
  }

  @Test
  void withoutReplacements_theFlowsOwnHandlersRun() {
    FlowTestRun run = FlowTestKit.run(numbers()).complete();

    run.assertCompletedWithoutErrors();
    run.assertStage("doubled").hasEmitted(2, 4, 6);
  }

  @Test
  void aReplacedTransform_standsInForTheStage() {
    FlowTestRun run = FlowTestKit.run(numbers())
        .replacing("doubled", Transforms.map((Integer x) -> x + 100))
        .complete();

    run.assertStage("doubled").hasEmitted(101, 102, 103);
  }

  @Test
  void anUnknownStage_isRefused_listingTheStages_andTheClosestName() {
    FlowTestKit kit = FlowTestKit.run(numbers());

    assertThatThrownBy(() -> kit.withSource("line", List.of("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("flow 'numbers' has no stage 'line'; its stages: [lines, parse, doubled, printed];"
            + " did you mean 'lines'?");
    FlowTestRun run = FlowTestKit.run(numbers()).complete();
    assertThatThrownBy(() -> run.outputs("sumary"))
        .hasMessage("flow 'numbers' has no stage 'sumary'; its stages: [lines, parse, doubled, printed]");
    assertThatThrownBy(() -> run.assertStage("dubled")).hasMessageContaining("did you mean 'doubled'?");
  }

  @Test
  void aListOfTheWrongElementType_isRefused_namingBothTypes() {
    assertThatThrownBy(() -> FlowTestKit.run(numbers()).withSource("lines", List.of("1", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'lines' of flow 'numbers' emits java.lang.String, but item 1 of the list given to"
            + " withSource is a java.lang.Integer (2); give a list of java.lang.String");
  }

  @Test
  void aSinkForAStageThatIsNotASink_isRefused() {
    assertThatThrownBy(() -> FlowTestKit.run(numbers()).replacing("doubled", Sinks.collect(new CopyOnWriteArrayList<>())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replacing(\"doubled\", sink): stage 'doubled' of flow 'numbers' is a TRANSFORM, not a SINK;"
            + " its SINK stages: [printed]");
    assertThatThrownBy(() -> FlowTestKit.run(numbers()).withSource("parse", List.of("1")))
        .hasMessageContaining("stage 'parse' of flow 'numbers' is a TRANSFORM, not a SOURCE; its SOURCE stages: [lines]");
  }

  @Test
  void outputsOfASink_sayWhereToLook() {
    FlowTestRun run = FlowTestKit.run(numbers()).complete();

    assertThatThrownBy(() -> run.outputs("printed"))
        .hasMessageContaining("stage 'printed' of flow 'numbers' is a sink: it emits nothing")
        .hasMessageContaining("the outputs of [doubled]");
  }

  @Test
  void typedOutputs_failNamingTheStageAndBothTypes() {
    FlowTestRun run = FlowTestKit.run(numbers()).complete();

    assertThatThrownBy(() -> run.outputs("doubled", String.class))
        .isInstanceOf(AssertionError.class)
        .hasMessage("stage 'doubled' of flow 'numbers': output 0 is a java.lang.Integer (2), not a java.lang.String;"
            + " the stage emits java.lang.Integer");
  }

  @Test
  void stageAssertions_failWithWhatAndWhere() {
    FlowTestRun run = FlowTestKit.run(numbers()).withSource("lines", List.of("1", "x", "3")).complete();

    assertThatThrownBy(() -> run.assertStage("doubled").hasEmitted(2, 4, 6))
        .isInstanceOf(AssertionError.class)
        .hasMessage("stage 'doubled' of flow 'numbers': expected to emit 3 events in order, emitted 2; first difference"
            + " at index 1: expected 4 but got 6\n  expected: [2, 4, 6]\n  emitted:  [2, 6]");
    assertThatThrownBy(() -> run.assertStage("parse").hasNoErrors())
        .hasMessage("stage 'parse' of flow 'numbers': expected no errors, has 1; first: VALIDATION 'not a number: 'x''"
            + " on input x");
    assertThatThrownBy(() -> run.assertStage("parse").hasErrorFor("x", ErrorKind.DOMAIN, "not a number"))
        .hasMessageContaining("expected an error for input x of kind DOMAIN with a message containing 'not a number'");
    assertThatThrownBy(() -> run.assertStage("parse").hasErrorFor("3", ErrorKind.VALIDATION, ""))
        .hasMessageContaining("expected an error for input 3, but none of its 1 errors is for it");
    assertThatThrownBy(() -> run.assertStage("doubled").hasEmittedInAnyOrder(List.of(6, 2, 4)))
        .hasMessage("stage 'doubled' of flow 'numbers': expected to emit 3 events in any order, emitted 2"
            + "\n  not emitted: [4]\n  not expected: []");
    assertThatThrownBy(() -> run.assertStage("parse").hasOnlyErrorsOfKind(ErrorKind.DOMAIN))
        .hasMessageContaining("expected every error to be DOMAIN, but has VALIDATION");
    assertThatThrownBy(run::assertCompletedWithoutErrors)
        .hasMessage("flow 'numbers' completed with 1 errors, expected none:\n  stage 'parse': 1 errors, first:"
            + " VALIDATION 'not a number: 'x'' on input x");
    assertThatThrownBy(run::assertFailed).hasMessageStartingWith("flow 'numbers' was expected to fail, but it ended COMPLETED");
  }

  @Test
  void aFailedRun_isReturned_withItsFailure() {
    FlowDefinition failing = FlowDefinition.define("failing")
        .stage(StageDefinition.source("lines", ElementType.of(String.class), f -> (dev.weir.api.Source<String>) out -> {
          throw new IllegalStateException("the file is gone");
        }))
        .stage(StageDefinition.sink("printed", ElementType.of(String.class), f -> Sinks.discard()))
        .chain("lines", "printed")
        .build();

    FlowTestRun run = FlowTestKit.run(failing).complete();

    assertThat(run.assertFailed().getMessage()).contains("the file is gone");
    assertThatThrownBy(run::assertCompleted).hasMessageContaining("flow 'failing' was expected to complete, but it ended FAILED");
  }

  @Test
  void settingsReachTheFlowObject() {
    FlowDefinition def = FlowDefinition.define("settings", settings -> settings.getInt("factor", 1))
        .stage(StageDefinition.source("numbers", ElementType.of(Integer.class), f -> Sources.of(1, 2)))
        .stage(StageDefinition.transform("scaled", StageKind.TRANSFORM, ElementType.of(Integer.class),
            ElementType.of(Integer.class), factor -> Transforms.map((Integer x) -> x * (Integer) factor)))
        .stage(StageDefinition.sink("printed", ElementType.of(Integer.class), f -> Sinks.discard()))
        .chain("numbers", "scaled", "printed")
        .build();

    FlowTestRun run = FlowTestKit.run(def).setting("factor", "7").complete();

    run.assertStage("scaled").hasEmitted(7, 14);
  }
}
