package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.AsyncTransform;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ErrorBudget;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error budgets: a stage that dead-letters more than its budget allows fails the run, naming the
 * stage, its count, its budget and its first error; the dead letters written until then stay in its
 * error journal, on memory and disk alike; which budget applies follows the documented precedence.
 */
class ErrorBudgetTest {

  @TempDir
  Path tmp;

  /** numbers (1..count) |> validate |> out, where validate throws on the inputs {@code fails} picks. */
  private static FlowDefinition numbers(long count, LongPredicate fails) {
    return flow("budget")
        .stage(numbersSource(count))
        .stage(transform("validate", (n, out) -> {
          if (fails.test(n)) {
            throw new StageException(ErrorKind.VALIDATION, "value " + n + ": refused");
          }
          out.emit(n);
        }))
        .stage(sink("out", n -> {}))
        .chain("numbers", "validate", "out")
        .build();
  }

  /** A source of 1..count, a new one for each run (a source's handler keeps where it is). */
  private static StageDefinition numbersSource(long count) {
    return StageDefinition.source("numbers", Flows.LONG, f -> Sources.range(count, i -> i + 1));
  }

  private FlowHandle start(FlowBuilder builder, boolean disk) {
    return builder.journals(disk ? Journals.disk(tmp) : Journals.memory()).start();
  }

  /** The ERROR records of {@code stage}'s error journal, from memory or from the run directory. */
  private static List<JournalRecord> deadLetters(FlowHandle h, FlowDefinition def, String stage) throws Exception {
    if (h.journals().directory().isPresent()) {
      try (RunArchive a = RunArchive.open(h.journals().directory().get(), def, null)) {
        return a.errors(stage).readAll(RecordKind.ERROR);
      }
    }
    return h.journals().errors(stage).readAll(RecordKind.ERROR);
  }

  private static List<Object> inputs(List<JournalRecord> deadLetters) {
    return deadLetters.stream().map(r -> ((DeadLetter) r.payload()).input()).toList();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void countExceeded_failsTheRun_namingStageCountBudgetAndFirstError_withEveryDeadLetterKept(boolean disk)
      throws Exception {
    FlowDefinition def = numbers(1000, n -> n % 2 == 1);
    FlowHandle h = start(def.builder().errorBudget(ErrorBudget.maxErrors(10)), disk);
    FlowResult r = h.await();

    String expected = "stage 'validate' exceeded its error budget: 11 errors, budget 10; first: VALIDATION on"
        + " numbers#1: value 1: refused";
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo(expected);
    assertThat(r.failure().orElseThrow().stage()).contains("validate");
    assertThat(r.detail()).isEqualTo(expected);
    assertThat(r.stage("validate").errors()).isEqualTo(11);
    assertThat(r.errors()).isEqualTo(11);
    assertThat(r.completedWithErrors()).isFalse();
    // every dead letter written before the failure, the one over the budget included, is in the error journal
    List<JournalRecord> dead = deadLetters(h, def, "validate");
    assertThat(inputs(dead)).containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L, 21L);
    assertThat(dead).extracting(rec -> rec.parent().seq()).containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L,
        19L, 21L);
    if (disk) {
      Manifest m = Manifest.read(h.journals().directory().orElseThrow());
      assertThat(m.status()).isEqualTo("FAILED");
      assertThat(m.detail()).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void withinTheBudget_theRunCompletesWithErrors(boolean disk) throws Exception {
    FlowDefinition def = numbers(1000, n -> n % 100 == 0);
    FlowHandle h = start(def.builder().errorBudget(ErrorBudget.maxErrors(10)), disk);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.errors()).isEqualTo(10);
    assertThat(r.completedWithErrors()).isTrue();
    assertThat(r.stagesWithErrors()).containsExactly("validate");
    assertThat(r.stage("out").received()).isEqualTo(990);
    assertThat(inputs(deadLetters(h, def, "validate"))).hasSize(10).first().isEqualTo(100L);
  }

  @Test
  void aCleanRun_hasNoErrors() throws Exception {
    FlowResult r = numbers(100, n -> false).builder().errorBudget(ErrorBudget.maxErrors(0)).start().await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.errors()).isZero();
    assertThat(r.completedWithErrors()).isFalse();
    assertThat(r.stagesWithErrors()).isEmpty();
  }

  @Test
  void withoutABudget_everyInputMayFail_andTheRunStillCompletes() throws Exception {
    FlowResult r = numbers(500, n -> true).builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.errors()).isEqualTo(500);
    assertThat(r.completedWithErrors()).isTrue();
  }

  /** The first input at which more than {@code allowed} of the last {@code window} inputs failed, or -1. */
  private static long firstExceeding(long count, LongPredicate fails, int window, long allowed) {
    for (long n = 1; n <= count; n++) {
      if (!fails.test(n)) {
        continue;
      }
      long failed = 0;
      for (long i = Math.max(1, n - window + 1); i <= n; i++) {
        if (fails.test(i)) {
          failed++;
        }
      }
      if (failed > allowed) {
        return n;
      }
    }
    return -1;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void rateExceeded_inTheWindow_failsTheRun_thoughMoreErrorsInAllWereFine(boolean disk) throws Exception {
    // 5% of the inputs fail up to 1000, then 20%: a budget of 10% of the last 100 holds, then breaks
    LongPredicate fails = n -> n <= 1000 ? n % 20 == 0 : n % 5 == 0;
    long breaking = firstExceeding(3000, fails, 100, 10);
    long errorsUntil = java.util.stream.LongStream.rangeClosed(1, breaking).filter(fails).count();
    assertThat(breaking).isGreaterThan(1000);
    assertThat(errorsUntil).isGreaterThan(50);

    FlowDefinition def = numbers(3000, fails);
    FlowHandle h = start(def.builder().errorBudget(ErrorBudget.maxRate(0.1).over(100)), disk);
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("stage 'validate' exceeded its error budget: 11"
        + " failed among its last 100 inputs, budget 10% of 100 inputs (10); " + errorsUntil + " errors in all;"
        + " first: VALIDATION on numbers#20: value 20: refused");
    assertThat(r.stage("validate").errors()).isEqualTo(errorsUntil);
    List<JournalRecord> dead = deadLetters(h, def, "validate");
    assertThat(dead).hasSize((int) errorsUntil);
    assertThat(inputs(dead)).last().isEqualTo(breaking);
    if (disk) {
      assertThat(Manifest.read(h.journals().directory().orElseThrow()).status()).isEqualTo("FAILED");
    }
  }

  @Test
  void rateHeldUnderItsWindow_completes() throws Exception {
    FlowResult r = numbers(5000, n -> n % 20 == 0).builder().errorBudget(ErrorBudget.maxRate(0.05).over(100)).start()
        .await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.errors()).isEqualTo(250);
  }

  @Test
  void rate_isJudgedBeforeTheWindowFills_asAFixedNumberOfFailedInputs() throws Exception {
    FlowResult r = numbers(50, n -> true).builder().errorBudget(ErrorBudget.maxRate(0.01)).start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("stage 'validate' exceeded its error budget: 11"
        + " failed among its last 11 inputs, budget 1% of 1000 inputs (10); 11 errors in all; first: VALIDATION on"
        + " numbers#1: value 1: refused");

    FlowResult few = numbers(50, n -> n <= 10).builder().errorBudget(ErrorBudget.maxRate(0.01)).start().await();
    assertThat(few.state()).as("10 failed of 50 is within floor(1% of 1000)").isEqualTo(FlowState.COMPLETED);
    assertThat(few.errors()).isEqualTo(10);
  }

  @Test
  void countAndRate_together_whicheverIsExceededFirst() throws Exception {
    FlowResult byCount = numbers(1000, n -> n % 50 == 0).builder()
        .errorBudget(ErrorBudget.maxErrors(5).andMaxRate(0.5).over(10)).start().await();
    assertThat(byCount.failure().orElseThrow().getMessage())
        .startsWith("stage 'validate' exceeded its error budget: 6 errors, budget 5; first: VALIDATION on numbers#50");

    FlowResult byRate = numbers(1000, n -> n > 100).builder()
        .errorBudget(ErrorBudget.maxErrors(500).andMaxRate(0.5).over(10)).start().await();
    assertThat(byRate.failure().orElseThrow().getMessage()).startsWith("stage 'validate' exceeded its error budget:"
        + " 6 failed among its last 10 inputs, budget 50% of 10 inputs (5); 6 errors in all; first: VALIDATION on"
        + " numbers#101");
  }

  @Test
  void precedence_builderStage_thenDefinition_thenFlowWide() throws Exception {
    FlowDefinition plain = numbers(1000, n -> true);
    FlowDefinition withOwn = FlowDefinition.define("budget")
        .stage(plain.stage("numbers").orElseThrow())
        .stage(plain.stage("validate").orElseThrow().withMaxErrors(5))
        .stage(plain.stage("out").orElseThrow())
        .chain("numbers", "validate", "out")
        .build();

    FlowResult flowWide = plain.builder().errorBudget(ErrorBudget.maxErrors(100)).start().await();
    assertThat(flowWide.failure().orElseThrow().getMessage()).contains("101 errors, budget 100;");

    FlowResult definition = withOwn.builder().errorBudget(ErrorBudget.maxErrors(100)).start().await();
    assertThat(definition.failure().orElseThrow().getMessage()).contains("6 errors, budget 5;");

    FlowResult stage = withOwn.builder().errorBudget(ErrorBudget.maxErrors(100))
        .errorBudget("validate", ErrorBudget.maxErrors(20)).start().await();
    assertThat(stage.failure().orElseThrow().getMessage()).contains("21 errors, budget 20;");

    FlowResult lifted = withOwn.builder().errorBudget(ErrorBudget.maxErrors(0))
        .errorBudget("validate", ErrorBudget.unlimited()).start().await();
    assertThat(lifted.state()).as(lifted.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(lifted.errors()).isEqualTo(1000);
  }

  @Test
  void aFlowWideBudget_holdsForEveryStage() throws Exception {
    FlowDefinition def = flow("two")
        .stage(numbersSource(200))
        .stage(transform("first", (n, out) -> {
          if (n <= 3) {
            throw new StageException(ErrorKind.DOMAIN, "first refuses " + n);
          }
          out.emit(n);
        }))
        .stage(transform("second", (n, out) -> {
          if (n % 10 == 0) {
            throw new StageException(ErrorKind.DOMAIN, "second refuses " + n);
          }
          out.emit(n);
        }))
        .stage(sink("out", n -> {}))
        .chain("numbers", "first", "second", "out")
        .build();

    FlowResult r = def.builder().errorBudget(ErrorBudget.maxErrors(5)).start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("stage 'second' exceeded its error budget: 6 errors,"
        + " budget 5; first: DOMAIN on first#7: second refuses 10");
    assertThat(r.stage("first").errors()).isEqualTo(3);
  }

  @Test
  void anUnknownStage_isRefusedByTheBuilder() {
    assertThatThrownBy(() -> numbers(1, n -> false).builder().errorBudget("valdate", ErrorBudget.maxErrors(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("flow 'budget' has no stage 'valdate' to give an error budget; stages: [numbers, validate, out]");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aSourceOfGarbage_rejectsCountAgainstItsBudget(boolean disk) throws Exception {
    FlowDefinition def = flow("garbage")
        .stage(source("parse", out -> {
          for (int i = 1; i <= 100; i++) {
            if (i % 3 == 0) {
              out.emit((long) i);
            } else {
              out.reject("line" + i, ErrorKind.DESERIALIZATION, "line " + i + ": not a number");
            }
          }
          return false;
        }))
        .stage(sink("out", n -> {}))
        .chain("parse", "out")
        .build();

    FlowHandle h = start(def.builder().errorBudget("parse", ErrorBudget.maxErrors(3)), disk);
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("stage 'parse' exceeded its error budget: 4 errors,"
        + " budget 3; first: DESERIALIZATION: line 1: not a number");
    assertThat(deadLetters(h, def, "parse")).hasSize(4);

    // a source's inputs are what it emitted and what it rejected: 2 of every 3 fail
    FlowResult rate = def.builder().errorBudget(ErrorBudget.maxRate(0.5).over(6)).start().await();
    assertThat(rate.failure().orElseThrow().getMessage()).startsWith("stage 'parse' exceeded its error budget: 4 failed"
        + " among its last 5 inputs, budget 50% of 6 inputs (3); 4 errors in all; first: DESERIALIZATION: line 1");
  }

  @Test
  void aCycleWithNoExit_failsOnceItsEntryExceedsTheBudget() throws Exception {
    // every event goes around forever: each ends in the entry's error journal after maxIterations passes
    FlowDefinition def = flow("spin")
        .maxIterations(3)
        .stage(numbersSource(1000))
        .stage(transform("entry", Transforms.map((Long n) -> n)))
        .stage(transform("loop", Transforms.map((Long n) -> n)))
        .stage(transform("exit", Transforms.filter((Long n) -> false)))
        .stage(sink("out", n -> {}))
        .chain("numbers", "entry", "loop", "exit", "out")
        .edge(EdgeDefinition.backflow("loop", "entry"))
        .build();

    FlowResult unbudgeted = def.builder().start().await();
    assertThat(unbudgeted.state()).as("without a budget the run completes").isEqualTo(FlowState.COMPLETED);
    assertThat(unbudgeted.stage("entry").errors()).isEqualTo(1000);

    FlowResult r = def.builder().errorBudget(ErrorBudget.maxErrors(20)).start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).startsWith("stage 'entry' exceeded its error budget: 21 errors,"
        + " budget 20; first: PERMANENT on loop#").contains("went around the cycle through 'entry' 4 times, more than"
        + " maxIterations 3");
  }

  @Test
  void anAsyncStage_countsTheInputOfEachFailedCall() throws Exception {
    AsyncTransform<Long, Long> remote = n -> n % 4 == 0
        ? CompletableFuture.failedFuture(new StageException(ErrorKind.REMOTE, "call " + n + " failed"))
        : CompletableFuture.completedFuture(n);
    FlowDefinition def = flow("async")
        .stage(numbersSource(400))
        .stage(StageDefinition.transform("call", StageKind.ASYNC_TRANSFORM, Flows.LONG, Flows.LONG, f -> remote))
        .stage(sink("out", n -> {}))
        .chain("numbers", "call", "out")
        .build();

    // one failed of every 4 inputs: exactly the 25% the budget allows in every window of 8, however the calls finish
    FlowResult held = def.builder().errorBudget(ErrorBudget.maxRate(0.25).over(8)).start().await();
    assertThat(held.state()).as(held.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(held.errors()).isEqualTo(100);

    FlowResult broken = def.builder().errorBudget(ErrorBudget.maxRate(0.2).over(10)).start().await();
    assertThat(broken.failure().orElseThrow().getMessage()).isEqualTo("stage 'call' exceeded its error budget: 3"
        + " failed among its last 10 inputs, budget 20% of 10 inputs (2); 3 errors in all; first: REMOTE on"
        + " numbers#4: call 4 failed");
  }

  @Test
  void aHandlerThatBreaks_failsForItsOwnReason_notTheBudget() throws Exception {
    Transform<Long, Long> broken = (n, out) -> {
      throw new AssertionError("broken on " + n);
    };
    FlowResult r = flow("broken")
        .stage(numbersSource(10))
        .stage(transform("validate", broken))
        .stage(sink("out", n -> {}))
        .chain("numbers", "validate", "out")
        .build()
        .builder().errorBudget(ErrorBudget.maxErrors(0)).start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("process of stage 'validate' on input seq 1")
        .contains("broken on 1").doesNotContain("error budget");
  }
}
