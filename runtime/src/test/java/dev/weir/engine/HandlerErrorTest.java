package dev.weir.engine;

import static dev.weir.engine.Flows.LONG;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.AsyncTransform;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.RecordKind;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.JournalRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** An Error (or a ClassCastException) from any handler: the input is dead-lettered, then the flow fails. */
class HandlerErrorTest {

  private static FlowHandle run(StageDefinition middle) {
    return flow("errors")
        .bufferSize(64)
        .stage(source("src", Sources.range(10, i -> i + 1)))
        .stage(middle)
        .stage(sink("out", x -> {}))
        .chain("src", middle.name(), "out")
        .build()
        .builder().journals(Journals.memory()).start();
  }

  private static void assertBroke(FlowHandle h, FlowResult r, String stage, String... message) {
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure()).isPresent();
    assertThat(r.failure().get().getMessage()).contains("'" + stage + "'", "seq 3").contains(message);
    List<JournalRecord> letters = h.journals().errors(stage).readAll(RecordKind.ERROR);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).parent().seq()).isEqualTo(3);
    DeadLetter letter = (DeadLetter) letters.get(0).payload();
    assertThat(letter.kind()).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(letter.input()).isEqualTo(3L);
  }

  @Test
  void errorFromAsyncCall_deadLettersAndFailsTheFlow() throws Exception {
    AsyncTransform<Long, Long> lookup = x -> x == 3
        ? CompletableFuture.failedFuture(new AssertionError("lookup invariant broken"))
        : CompletableFuture.completedFuture(x);
    FlowHandle h = run(StageDefinition.transform("lookup", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> lookup));
    assertBroke(h, h.await(), "lookup", "AssertionError", "lookup invariant broken");
  }

  @Test
  void errorThrownByAsyncApply_deadLettersAndFailsTheFlow() throws Exception {
    AsyncTransform<Long, Long> lookup = x -> {
      if (x == 3) {
        throw new StackOverflowError("deep");
      }
      return CompletableFuture.completedFuture(x);
    };
    FlowHandle h = run(StageDefinition.transform("lookup", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> lookup));
    assertBroke(h, h.await(), "lookup", "StackOverflowError");
  }

  @Test
  void errorFromSyncTransform_deadLettersAndFailsTheFlow() throws Exception {
    Transform<Long, Long> check = (x, out) -> {
      if (x == 3) {
        throw new AssertionError("check invariant broken");
      }
      out.emit(x);
    };
    FlowHandle h = run(transform("check", check));
    assertBroke(h, h.await(), "check", "AssertionError", "check invariant broken");
  }

  @Test
  void classCastException_saysTheTypesDoNotFit() throws Exception {
    Transform<Object, Object> wrongTypes = (x, out) -> {
      if ((Long) x == 3) {
        out.emit(((String) x).length()); // a handler written for strings
      }
      out.emit(x);
    };
    FlowHandle h = run(StageDefinition.transform("cast", StageKind.TRANSFORM, LONG, LONG, f -> wrongTypes));
    assertBroke(h, h.await(), "cast", "ClassCastException", "types do not fit");
  }

  @Test
  void asyncTimeout_deadLetterSaysWhatTimedOutAndAfterHowLong() throws Exception {
    AsyncTransform<Long, Long> slow = new AsyncTransform<>() {
      @Override
      public CompletionStage<Long> apply(Long x) {
        return x == 3 ? new CompletableFuture<>() : CompletableFuture.completedFuture(x);
      }

      @Override
      public Duration timeout() {
        return Duration.ofMillis(200);
      }
    };
    FlowHandle h = run(StageDefinition.transform("lookup", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> slow));
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    List<JournalRecord> letters = h.journals().errors("lookup").readAll(RecordKind.ERROR);
    assertThat(letters).hasSize(1);
    DeadLetter letter = (DeadLetter) letters.get(0).payload();
    assertThat(letter.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(letter.message())
        .isEqualTo("async call of stage 'lookup' for input seq 3 from 'src' did not complete within 200ms");
    assertThat(r.stage("out").received()).isEqualTo(9);
  }
}
