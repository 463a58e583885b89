package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.RecordKind;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.JournalRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleTest {

  /** One Collatz walk: where it started, where it is, how many steps it took. */
  record Walk(long start, long value, int steps) {}

  private static final ElementType WALK = ElementType.of(Walk.class);

  private static StageDefinition walkTransform(String name, Transform<Walk, Walk> t) {
    return StageDefinition.transform(name, StageKind.TRANSFORM, WALK, WALK, f -> t);
  }

  private static int stoppingTime(long n) {
    int steps = 0;
    while (n != 1) {
      n = n % 2 == 0 ? n / 2 : 3 * n + 1;
      steps++;
    }
    return steps;
  }

  /** numbers |> entry |> step |> done |> finished, entry <| step. */
  private static FlowDefinition collatz(int count, int bufferSize, List<Walk> finished) {
    return FlowDefinition.define("collatz")
        .bufferSize(bufferSize)
        .maxIterations(500)
        .stage(StageDefinition.source("numbers", WALK, f -> Sources.range(count, i -> new Walk(i + 2, i + 2, 0))))
        .stage(walkTransform("entry", Transforms.filter((Walk w) -> w.value() != 1)))
        .stage(walkTransform("step", Transforms.map((Walk w) ->
            new Walk(w.start(), w.value() % 2 == 0 ? w.value() / 2 : 3 * w.value() + 1, w.steps() + 1))))
        .stage(walkTransform("done", Transforms.filter((Walk w) -> w.value() == 1)))
        .stage(StageDefinition.sink("finished", WALK, f -> (Sink<Walk>) finished::add))
        .chain("numbers", "entry", "step", "done", "finished")
        .edge(EdgeDefinition.backflow("step", "entry"))
        .build();
  }

  @Test
  void collatz_convergesWithExactCounts() throws Exception {
    int n = 1000;
    List<Walk> finished = new ArrayList<>();
    FlowHandle h = collatz(n, 1024, finished).builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(finished).hasSize(n);
    long totalSteps = 0;
    for (Walk w : finished) {
      assertThat(w.steps()).as("steps of %d", w.start()).isEqualTo(stoppingTime(w.start()));
      totalSteps += w.steps();
    }
    assertThat(finished.stream().map(Walk::start).distinct().count()).isEqualTo(n);
    // every step of every walk went through 'step' once; nothing came back after the cycle closed
    assertThat(r.stage("step").received()).isEqualTo(totalSteps);
    assertThat(r.stage("entry").errors()).isZero();
    assertThat(r.stage("entry").received()).isEqualTo(n + totalSteps); // n from outside, every step's output back
  }

  @Test
  void floodedCycleWithTinyRings_neverDeadlocks() throws Exception {
    int n = 3_000; // about 280 000 events around a loop whose rings hold 4
    List<Walk> finished = new ArrayList<>();
    FlowHandle h = collatz(n, 4, finished).builder().start();

    FlowResult r = h.await(Duration.ofSeconds(120)).orElseThrow(() -> new AssertionError("cycle deadlocked"));

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(finished).hasSize(n);
    assertThat(r.stage("entry").errors()).isZero();
  }

  @Test
  void endlessLoop_stopsAtMaxIterations_inTheErrorJournal() throws Exception {
    List<Long> out = new ArrayList<>();
    FlowDefinition def = FlowDefinition.define("endless")
        .maxIterations(5)
        .stage(Flows.source("numbers", Sources.range(10, i -> i * 100)))
        .stage(Flows.transform("entry", Transforms.map((Long x) -> x)))
        .stage(Flows.transform("again", Transforms.map((Long x) -> x + 1)))
        .stage(Flows.sink("out", out::add))
        .chain("numbers", "entry", "again", "out")
        .edge(EdgeDefinition.backflow("again", "entry"))
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    // depth 0 from outside, then 5 passes back around: 6 times through 'again' per event
    assertThat(r.stage("again").received()).isEqualTo(60);
    assertThat(out).hasSize(60);
    assertThat(r.stage("entry").errors()).isEqualTo(10);
    List<JournalRecord> dead = h.journals().errors("entry").readAll(RecordKind.ERROR);
    assertThat(dead).hasSize(10);
    DeadLetter first = (DeadLetter) dead.get(0).payload();
    assertThat(first.message()).isEqualTo("went around the cycle through 'entry' 6 times, more than maxIterations 5");
    assertThat(dead).extracting(JournalRecord::depth).containsOnly(6);
    assertThat(dead).extracting(rec -> ((DeadLetter) rec.payload()).input())
        .containsExactlyInAnyOrder(6L, 106L, 206L, 306L, 406L, 506L, 606L, 706L, 806L, 906L);
  }

  @Test
  void cycleWithTwoEntryPoints_failsToStart() throws Exception {
    FlowDefinition def = FlowDefinition.define("twoEntries")
        .stage(Flows.source("a", Sources.range(1, i -> i)))
        .stage(Flows.source("b", Sources.range(1, i -> i)))
        .stage(Flows.transform("x", Transforms.map((Long v) -> v)))
        .stage(Flows.transform("y", Transforms.map((Long v) -> v)))
        .stage(Flows.sink("out", v -> {}))
        .chain("a", "x", "y", "out")
        .chain("b", "y")
        .edge(EdgeDefinition.backflow("y", "x"))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("has 2 entry points [x, y]: a cycle needs exactly one");
  }
}
