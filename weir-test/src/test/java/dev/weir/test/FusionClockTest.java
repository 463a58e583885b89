package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sinks;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fused stages ({@code FlowBuilder.threads}) under the manual clock: a chain fused onto a stateful stage whose timer
 * fires only where the test moves the clock, and onto a rate-limited source, settles and gives the same outputs at
 * every step as the same flow with a thread per stage.
 */
@Timeout(120)
class FusionClockTest {

  private static final ElementType INT = ElementType.of(Integer.class);
  private static final ElementType LONG = ElementType.of(Long.class);

  /** readings -> sums (every 10 s) -> plusOne -> doubled -> printed: plusOne and doubled can share sums' thread. */
  static FlowDefinition windows() {
    return FlowDefinition.define("fusedwindows")
        .bufferSize(4)
        .stage(StageDefinition.source("readings", INT, f -> dev.weir.api.Sources.of(1)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, INT, LONG, f -> new ManualClockTest.WindowSum()))
        .stage(StageDefinition.transform("plusOne", StageKind.TRANSFORM, LONG, LONG,
            f -> Transforms.map((Long x) -> x + 1)))
        .stage(StageDefinition.transform("doubled", StageKind.TRANSFORM, LONG, LONG,
            f -> Transforms.flatMap((Long x) -> List.of(x, x))))
        .stage(StageDefinition.sink("printed", LONG, f -> Sinks.discard()))
        .chain("readings", "sums", "plusOne", "doubled", "printed")
        .build();
  }

  /** What each step of the windows scenario shows downstream of the timer: doubled's outputs after each step. */
  private static List<List<Long>> windowsScenario(int threads) {
    List<List<Long>> steps = new ArrayList<>();
    TestSource<Integer> readings = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(windows()).withSource("readings", readings).withManualClock()
        .configure(b -> b.threads(threads)).start()) {
      readings.send(1, 2, 3);
      run.settle();
      steps.add(run.outputs("doubled", Long.class));
      run.advanceClock(Duration.ofSeconds(10)); // 6 -> 7, 7
      steps.add(run.outputs("doubled", Long.class));
      readings.send(4);
      run.advanceClock(Duration.ofSeconds(25)); // fires at 20 s (4) and 30 s (an empty window)
      steps.add(run.outputs("doubled", Long.class));
      for (int i = 0; i < 40; i++) { // more than the 4-slot rings hold between two firings
        readings.send(i);
      }
      run.advanceClock(Duration.ofSeconds(5));
      steps.add(run.outputs("doubled", Long.class));
      readings.send(7);
      readings.end();
      run.assertCompleted();
      steps.add(run.outputs("doubled", Long.class));
      List<String> threadsLine = run.journals().system().readAll().stream().map(JournalRecord::payload)
          .map(Object::toString).filter(s -> s.contains("MATERIALIZED")).toList();
      assertThat(threadsLine).singleElement().asString()
          .contains(threads == 100 ? "5 stages on 5 threads" : threads == 1 ? "5 stages on 2 threads" // readings | sums ... printed
              : "5 stages on 3 threads"); // readings | sums, plusOne, doubled | printed
      run.assertStage("printed").hasReceived(8);
    }
    return steps;
  }

  @Test
  void aChainFusedOntoATimerStage_settlesAndEmitsTheSameAtEveryStep() {
    List<List<Long>> reference = windowsScenario(100);
    assertThat(reference).containsExactly(List.of(), List.of(7L, 7L), List.of(7L, 7L, 5L, 5L),
        List.of(7L, 7L, 5L, 5L, 781L, 781L), List.of(7L, 7L, 5L, 5L, 781L, 781L, 8L, 8L));
    assertThat(windowsScenario(1)).isEqualTo(reference);
    assertThat(windowsScenario(2)).isEqualTo(reference);
  }

  /** numbers (one per second) -> plusOne -> tens -> collected: plusOne and tens can share the source's thread. */
  static FlowDefinition paced() {
    return FlowDefinition.define("fusedpaced")
        .stage(StageDefinition.source("numbers", LONG, f -> dev.weir.api.Sources.of(1L)))
        .stage(StageDefinition.transform("plusOne", StageKind.TRANSFORM, LONG, LONG,
            f -> Transforms.map((Long x) -> x + 1)))
        .stage(StageDefinition.transform("tens", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long x) -> x * 10)))
        .stage(StageDefinition.sink("collected", LONG, f -> Sinks.discard()))
        .chain("numbers", "plusOne", "tens", "collected")
        .middleware("numbers", MiddlewareEntry.stage(new RateLimitPolicy(1, 1)))
        .build();
  }

  private static List<List<Long>> pacedScenario(int threads) {
    List<List<Long>> steps = new ArrayList<>();
    TestSource<Long> numbers = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(paced()).withSource("numbers", numbers).withManualClock()
        .configure(b -> b.threads(threads)).start()) {
      numbers.send(1L, 2L, 3L, 4L, 5L);
      run.settle();
      steps.add(run.outputs("tens", Long.class)); // the burst of one
      run.advanceClock(Duration.ofSeconds(2));
      steps.add(run.outputs("tens", Long.class));
      run.advanceClock(Duration.ofSeconds(2));
      steps.add(run.outputs("tens", Long.class));
      numbers.end();
      run.assertCompleted();
      run.assertStage("collected").hasReceived(5);
    }
    return steps;
  }

  @Test
  void aChainFusedOntoARateLimitedSource_settlesWithEveryPermittedEventThrough() {
    List<List<Long>> reference = pacedScenario(100);
    assertThat(reference).containsExactly(List.of(20L), List.of(20L, 30L, 40L), List.of(20L, 30L, 40L, 50L, 60L));
    assertThat(pacedScenario(1)).isEqualTo(reference);
  }
}
