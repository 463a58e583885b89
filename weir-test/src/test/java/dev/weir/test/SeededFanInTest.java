package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.AsyncTransform;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FlowTestKit#withSeed(long)}: every stage with several inputs consumes them in an order that
 * depends only on the seed and the inputs, whatever the flow's shape: two sources into one merge, a
 * diamond, a sparse input, a cycle.
 */
class SeededFanInTest {

  private static final ElementType STRING = ElementType.of(String.class);
  private static final ElementType INT = ElementType.of(Integer.class);

  /** What one run showed: the fan-in's outputs and its order journal. */
  private record Outcome(List<String> merged, List<String> order, List<Object> journal) {}

  private static StageDefinition stringTransform(String name, Transform<?, ?> t) {
    return StageDefinition.transform(name, StageKind.TRANSFORM, STRING, STRING, f -> t);
  }

  /** left, right |> merge (upper case) |> printed. */
  static FlowDefinition twoSources() {
    return FlowDefinition.define("two-sources")
        .bufferSize(8)
        .stage(StageDefinition.source("left", STRING, f -> Sources.of("l")))
        .stage(StageDefinition.source("right", STRING, f -> Sources.of("r")))
        .stage(stringTransform("merge", Transforms.map((String s) -> s.toUpperCase(Locale.ROOT))))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
  }

  /** numbers |> (tens, squares) |> merge |> printed: both inputs of merge descend from one source. */
  static FlowDefinition diamond() {
    return FlowDefinition.define("diamond")
        .bufferSize(8)
        .stage(StageDefinition.source("numbers", INT, f -> Sources.of(1)))
        .stage(StageDefinition.transform("tens", StageKind.TRANSFORM, INT, STRING, f ->
            Transforms.map((Integer n) -> "t" + n * 10)))
        .stage(StageDefinition.transform("squares", StageKind.TRANSFORM, INT, STRING, f ->
            Transforms.map((Integer n) -> "s" + n * n)))
        .stage(stringTransform("merge", Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("numbers", "tens"))
        .edge(EdgeDefinition.forward("numbers", "squares"))
        .edge(EdgeDefinition.forward("tens", "merge"))
        .edge(EdgeDefinition.forward("squares", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
  }

  /** numbers |> (all, rare: keeps 1 in 100) |> merge, with rings of 4: the dense side fills while the sparse one is empty. */
  static FlowDefinition sparse() {
    Transform<Integer, String> rare = (in, out) -> {
      if (in % 100 == 0) {
        out.emit("rare" + in);
      }
    };
    return FlowDefinition.define("sparse")
        .bufferSize(4)
        .stage(StageDefinition.source("numbers", INT, f -> Sources.of(1)))
        .stage(StageDefinition.transform("all", StageKind.TRANSFORM, INT, STRING, f ->
            Transforms.map((Integer n) -> "all" + n)))
        .stage(StageDefinition.transform("rare", StageKind.TRANSFORM, INT, STRING, f -> rare))
        .stage(stringTransform("merge", Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("numbers", "all"))
        .edge(EdgeDefinition.forward("numbers", "rare"))
        .edge(EdgeDefinition.forward("all", "merge"))
        .edge(EdgeDefinition.forward("rare", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
  }

  /**
   * numbers |> entry |> step |> done |> finished, entry <| step: Collatz walks "start:value"; entry
   * lets through values other than 1 and reads what step sends back around the cycle.
   */
  static FlowDefinition collatz() {
    return FlowDefinition.define("collatz")
        .bufferSize(4)
        .maxIterations(200)
        .stage(StageDefinition.source("numbers", STRING, f -> Sources.of("2:2")))
        .stage(stringTransform("entry", Transforms.filter((String w) -> value(w) != 1)))
        .stage(stringTransform("step", Transforms.map((String w) -> {
          long v = value(w);
          return w.substring(0, w.indexOf(':') + 1) + (v % 2 == 0 ? v / 2 : 3 * v + 1);
        })))
        .stage(stringTransform("done", Transforms.filter((String w) -> value(w) == 1)))
        .stage(StageDefinition.sink("finished", STRING, f -> Sinks.discard()))
        .chain("numbers", "entry", "step", "done", "finished")
        .edge(EdgeDefinition.backflow("step", "entry"))
        .build();
  }

  private static long value(String walk) {
    return Long.parseLong(walk.substring(walk.indexOf(':') + 1));
  }

  private static List<String> strings(String prefix, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
  }

  private static List<Integer> numbers(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  private static Outcome outcome(FlowTestRun run, String fanIn) {
    run.assertCompletedWithoutErrors();
    List<Object> journal = run.journals().order(fanIn).orElseThrow().readAll().stream().map(JournalRecord::payload)
        .toList();
    return new Outcome(run.outputs(fanIn), run.assertStage(fanIn).consumedOrder(), journal);
  }

  private static Outcome twoSourcesRun(long seed) {
    return outcome(FlowTestKit.run(twoSources()).withSource("left", strings("l", 50))
        .withSource("right", strings("r", 50)).withSeed(seed).complete(), "merge");
  }

  /** Runs {@code seed} three times and checks that the runs agree; returns the outcome. */
  private static Outcome repeatable(long seed, java.util.function.LongFunction<Outcome> run) {
    Outcome first = run.apply(seed);
    for (int i = 0; i < 2; i++) {
      Outcome again = run.apply(seed);
      assertThat(again.merged()).as("outputs of seed %d, run %d", seed, i + 2).isEqualTo(first.merged());
      assertThat(again.order()).as("consumed order of seed %d, run %d", seed, i + 2).isEqualTo(first.order());
      assertThat(again.journal()).as("order journal of seed %d, run %d", seed, i + 2).isEqualTo(first.journal());
    }
    return first;
  }

  private static List<String> startingWith(List<String> items, String prefix) {
    return items.stream().filter(s -> s.startsWith(prefix)).toList();
  }

  @Test
  void twoSources_sameSeedSameOrder_eachInputsOrderKept() {
    for (long seed : new long[] {1, 42}) {
      Outcome o = repeatable(seed, SeededFanInTest::twoSourcesRun);
      assertThat(o.merged()).hasSize(100);
      assertThat(startingWith(o.merged(), "L")).isEqualTo(strings("L", 50));
      assertThat(startingWith(o.merged(), "R")).isEqualTo(strings("R", 50));
      // the order names where each output came from
      List<String> fromOutputs = o.merged().stream().map(s -> s.startsWith("L") ? "left" : "right").toList();
      assertThat(o.order()).isEqualTo(fromOutputs);
      // one record per turn: 100 data events and the two ends of stream
      assertThat(o.journal()).hasSize(102 + 1);
    }
  }

  @Test
  void theGuidesExample_givesTheOrderItShows() {
    FlowDefinition def = FlowDefinition.define("guide")
        .stage(StageDefinition.source("left", STRING, f -> Sources.of("l")))
        .stage(StageDefinition.source("right", STRING, f -> Sources.of("r")))
        .stage(stringTransform("merge", Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
    FlowTestRun run = FlowTestKit.run(def).withSource("left", List.of("l1", "l2", "l3"))
        .withSource("right", List.of("r1", "r2")).withSeed(7).complete();
    run.assertStage("merge")
        .hasEmitted("l1", "r1", "l2", "l3", "r2")
        .consumedInOrder("left", "right", "left", "left", "right")
        .hasConsumedFrom("right", 2);
    FlowTestRun other = FlowTestKit.run(def).withSource("left", List.of("l1", "l2", "l3"))
        .withSource("right", List.of("r1", "r2")).withSeed(42).complete();
    other.assertStage("merge").hasEmitted("r1", "r2", "l1", "l2", "l3");
  }

  /** left |> upper |> merge, right |> merge: upper is a plain transform in a linear stretch (one the engine may run on left's thread). */
  @Test
  void aLinearStretchBeforeTheFanIn_isRepeatable() {
    FlowDefinition def = FlowDefinition.define("stretch")
        .bufferSize(8)
        .stage(StageDefinition.source("left", STRING, f -> Sources.of("l")))
        .stage(StageDefinition.source("right", STRING, f -> Sources.of("r")))
        .stage(stringTransform("upper", Transforms.map((String s) -> s.toUpperCase(Locale.ROOT))))
        .stage(stringTransform("merge", Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "upper"))
        .edge(EdgeDefinition.forward("upper", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
    for (long seed : new long[] {3, 4}) {
      Outcome o = repeatable(seed, s -> outcome(FlowTestKit.run(def).withSource("left", strings("l", 30))
          .withSource("right", strings("r", 30)).withSeed(s).complete(), "merge"));
      assertThat(startingWith(o.merged(), "L")).isEqualTo(strings("L", 30));
      assertThat(startingWith(o.merged(), "r")).isEqualTo(strings("r", 30));
    }
  }

  @Test
  void aLinearStretchFedByATestSource_settles() {
    FlowDefinition def = FlowDefinition.define("stretch-fed")
        .stage(StageDefinition.source("left", STRING, f -> Sources.of("l")))
        .stage(StageDefinition.source("right", STRING, f -> Sources.of("r")))
        .stage(stringTransform("upper", Transforms.map((String s) -> s.toUpperCase(Locale.ROOT))))
        .stage(stringTransform("merge", Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "upper"))
        .edge(EdgeDefinition.forward("upper", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
    TestSource<String> left = TestSource.create();
    TestSource<String> right = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(def).withSource("left", left).withSource("right", right).withSeed(1)
        .start()) {
      left.send("a", "b");
      run.settle();
      right.send("c");
      run.settle();
      left.send("d");
      run.settle();
      run.assertStage("merge").hasEmitted("A", "B", "c", "D").consumedInOrder("upper", "upper", "right", "upper");
      left.end();
      right.end();
      run.assertCompletedWithoutErrors();
    }
  }

  @Test
  void differentSeeds_interleaveDifferently() {
    Set<List<String>> interleavings = new HashSet<>();
    for (long seed = 1; seed <= 6; seed++) {
      interleavings.add(twoSourcesRun(seed).merged());
    }
    assertThat(interleavings).as("distinct interleavings of 6 seeds").hasSizeGreaterThanOrEqualTo(2);
    // not simply one input after the other: a seeded choice mixes them
    List<String> concatenated = new ArrayList<>(strings("L", 50));
    concatenated.addAll(strings("R", 50));
    assertThat(interleavings).anyMatch(order -> !order.equals(concatenated));
  }

  @Test
  void diamond_isRepeatable_andHasEveryOutputOfBothSides() {
    List<List<String>> bySeed = new ArrayList<>();
    for (long seed : new long[] {7, 8}) {
      Outcome o = repeatable(seed, s -> outcome(FlowTestKit.run(diamond()).withSource("numbers", numbers(40))
          .withSeed(s).complete(), "merge"));
      assertThat(startingWith(o.merged(), "t")).isEqualTo(IntStream.rangeClosed(1, 40).mapToObj(n -> "t" + n * 10)
          .toList());
      assertThat(startingWith(o.merged(), "s")).isEqualTo(IntStream.rangeClosed(1, 40).mapToObj(n -> "s" + n * n)
          .toList());
      bySeed.add(o.merged());
    }
    assertThat(bySeed.get(0)).hasSize(80);
  }

  @Test
  void aSparseInput_doesNotDeadlock_andIsRepeatable() {
    for (long seed : new long[] {3, 4}) {
      Outcome o = repeatable(seed, s -> outcome(FlowTestKit.run(sparse()).withSource("numbers", numbers(1000))
          .withSeed(s).complete(), "merge"));
      assertThat(startingWith(o.merged(), "all")).isEqualTo(IntStream.rangeClosed(1, 1000).mapToObj(n -> "all" + n)
          .toList());
      assertThat(startingWith(o.merged(), "rare")).containsExactly("rare100", "rare200", "rare300", "rare400",
          "rare500", "rare600", "rare700", "rare800", "rare900", "rare1000");
      assertThat(o.order().stream().filter("rare"::equals).count()).isEqualTo(10);
    }
  }

  @Test
  @org.junit.jupiter.api.Disabled("flaky: about 1 run in 10 a seeded cycle interleaves differently on a rerun of the"
      + " same seed; the cause is not found yet (see the guide's Fan-in order)")
  void aCycle_underASeed_completesAndIsRepeatable() {
    List<String> starts = IntStream.rangeClosed(2, 21).mapToObj(n -> n + ":" + n).toList();
    List<String> expectedEntered = new ArrayList<>();
    for (int n = 2; n <= 21; n++) {
      for (long v = n; v != 1; v = v % 2 == 0 ? v / 2 : 3 * v + 1) {
        expectedEntered.add(n + ":" + v);
      }
    }
    for (long seed : new long[] {11, 12}) {
      Outcome o = repeatable(seed, s -> {
        FlowTestRun run = FlowTestKit.run(collatz()).withSource("numbers", starts).withSeed(s).complete();
        run.assertStage("done").hasEmittedInAnyOrder(IntStream.rangeClosed(2, 21).mapToObj(n -> n + ":1").toList());
        return outcome(run, "entry");
      });
      assertThat(o.merged()).containsExactlyInAnyOrderElementsOf(expectedEntered);
      // each walk's own steps stay in order
      for (int n = 2; n <= 21; n++) {
        String prefix = n + ":";
        assertThat(startingWith(o.merged(), prefix))
            .isEqualTo(expectedEntered.stream().filter(w -> w.startsWith(prefix)).toList());
      }
    }
  }

  @Test
  void aReplayOfASeededRun_followsItsOrderJournal(@TempDir Path dir) throws Exception {
    FlowTestRun seeded = FlowTestKit.run(twoSources()).withSource("left", strings("l", 50))
        .withSource("right", strings("r", 50)).withSeed(21).configure(b -> b.journals(Journals.disk(dir))).complete();
    Outcome original = outcome(seeded, "merge");
    Path runDir = seeded.journals().directory().orElseThrow();

    FlowHandle replay = twoSources().builder().journals(Journals.memory().keepAll()).replayFrom(runDir).start();
    FlowResult r = replay.await(Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("the replay did not end"));

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(replay.journals().data("merge").events()).isEqualTo(original.merged());
    assertThat(replay.journals().order("merge").orElseThrow().readAll().stream().map(JournalRecord::payload).toList())
        .isEqualTo(original.journal());

    assertThatThrownBy(() -> FlowTestKit.run(twoSources()).withSeed(21).configure(b -> b.replayFrom(runDir)).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flow 'two-sources' is a replay: stage 'merge' reads its inputs in the archived run's"
            + " order, so a seeded fan-in order cannot apply");
  }

  @Test
  @org.junit.jupiter.api.Disabled("flaky: about 1 run in 5 the outputs of a seeded async fan-in differ on a rerun"
      + " of the same seed when its calls complete on another thread (see the guide's Fan-in order)")
  void anAsyncFanIn_underASeed_isRepeatable() {
    AsyncTransform<String, String> remote = new AsyncTransform<>() {
      @Override
      public CompletionStage<String> apply(String in) {
        return CompletableFuture.supplyAsync(() -> in + "!"); // completes on another thread
      }

      @Override
      public int maxInFlight() {
        return 4;
      }
    };
    FlowDefinition asyncMerge = FlowDefinition.define("async-merge")
        .bufferSize(8)
        .stage(StageDefinition.source("left", STRING, f -> Sources.of("l")))
        .stage(StageDefinition.source("right", STRING, f -> Sources.of("r")))
        .stage(StageDefinition.transform("merge", StageKind.ASYNC_TRANSFORM, STRING, STRING, f -> remote))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .build();
    Set<List<String>> interleavings = new HashSet<>();
    for (long seed : new long[] {1, 2, 3}) {
      Outcome o = repeatable(seed, s -> outcome(FlowTestKit.run(asyncMerge).withSource("left", strings("l", 30))
          .withSource("right", strings("r", 30)).withSeed(s).complete(), "merge"));
      assertThat(startingWith(o.merged(), "l")).isEqualTo(strings("l", 30).stream().map(x -> x + "!").toList());
      assertThat(startingWith(o.merged(), "r")).isEqualTo(strings("r", 30).stream().map(x -> x + "!").toList());
      interleavings.add(o.merged());
    }
    assertThat(interleavings).hasSizeGreaterThanOrEqualTo(2);
  }

  /** left |> flaky (a @Retry with a 10 s backoff; its first call fails) |> merge, right |> merge. */
  static FlowDefinition retryingBranch() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Transform<String, String> flaky = (in, out) -> {
      if (calls.incrementAndGet() == 1) {
        throw new dev.weir.api.StageException(dev.weir.api.ErrorKind.REMOTE, "the service is down");
      }
      out.emit(in);
    };
    return FlowDefinition.define("retrying-branch")
        .stage(StageDefinition.source("left", STRING, f -> Sources.of("l")))
        .stage(StageDefinition.source("right", STRING, f -> Sources.of("r")))
        .stage(stringTransform("flaky", flaky))
        .stage(stringTransform("merge", Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "flaky"))
        .edge(EdgeDefinition.forward("flaky", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "printed"))
        .middleware("flaky", dev.weir.flow.MiddlewareEntry.stage(
            new dev.weir.flow.RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0)))
        .build();
  }

  @Test
  void aBranchWaitingOnTheManualClock_letsTheSeededFanInGoOn_andTheRunIsRepeatable() {
    for (long seed : new long[] {5, 6}) {
      Outcome o = repeatable(seed, s -> {
        TestSource<String> left = TestSource.create();
        TestSource<String> right = TestSource.create();
        try (FlowTestRun run = FlowTestKit.run(retryingBranch()).withSource("left", left).withSource("right", right)
            .withManualClock().withSeed(s).start()) {
          left.sendAll(strings("l", 3));
          right.sendAll(strings("r", 3));
          run.settle(); // flaky waits for its backoff on the clock; merge reads all of right meanwhile
          assertThat(run.assertStage("merge").consumedOrder()).containsExactly("right", "right", "right");
          run.advanceClock(Duration.ofSeconds(10));
          assertThat(run.<String>outputs("merge")).containsExactly("r1", "r2", "r3", "l1", "l2", "l3");
          left.end();
          right.end();
          run.assertCompletedWithoutErrors();
          // where the ends of stream fall depends on when the test calls end(): compare the data only
          return new Outcome(run.outputs("merge"), run.assertStage("merge").consumedOrder(), List.of());
        }
      });
      assertThat(o.merged()).containsExactly("r1", "r2", "r3", "l1", "l2", "l3");
    }
  }

  @Test
  void anAsyncFanInWhoseCallsWaitForTheirTimeout_goesOnWhenTheClockMoves_andIsRepeatable() {
    for (long seed : new long[] {1, 2}) {
      Outcome o = repeatable(seed, s -> {
        AsyncTransform<Integer, Integer> remote = new AsyncTransform<>() {
          @Override
          public CompletionStage<Integer> apply(Integer in) { // odd inputs never complete: they time out
            return in % 2 == 0 ? CompletableFuture.completedFuture(in * 10) : new CompletableFuture<>();
          }

          @Override
          public int maxInFlight() {
            return 32; // room for every input: the kit settles only a stage that read all it was sent
          }
        };
        FlowDefinition def = FlowDefinition.define("async-timeouts")
            .stage(StageDefinition.source("left", INT, f -> Sources.of(1)))
            .stage(StageDefinition.source("right", INT, f -> Sources.of(1)))
            .stage(StageDefinition.transform("merge", StageKind.ASYNC_TRANSFORM, INT, INT, f -> remote))
            .stage(StageDefinition.sink("printed", INT, f -> Sinks.discard()))
            .edge(EdgeDefinition.forward("left", "merge"))
            .edge(EdgeDefinition.forward("right", "merge"))
            .edge(EdgeDefinition.forward("merge", "printed"))
            .build();
        try (FlowTestRun run = FlowTestKit.run(def).withSource("left", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
            .withSource("right", List.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20)).withManualClock().withSeed(s)
            .start()) {
          for (int i = 0; i < 12 && !run.handle().state().isTerminal(); i++) {
            run.advanceClock(Duration.ofSeconds(30));
          }
          run.assertCompleted();
          run.assertStage("merge").hasErrors(10).hasOnlyErrorsOfKind(dev.weir.api.ErrorKind.TIMEOUT);
          FlowTestRun done = run;
          List<String> outputs = done.<Integer>outputs("merge").stream().map(String::valueOf).toList();
          List<Object> journal = run.journals().order("merge").orElseThrow().readAll().stream()
              .map(JournalRecord::payload).toList();
          List<String> timedOut = run.deadLetters("merge").stream().map(d -> String.valueOf(d.input())).toList();
          List<String> both = new ArrayList<>(outputs);
          both.add("|");
          both.addAll(timedOut);
          return new Outcome(both, run.assertStage("merge").consumedOrder(), journal);
        }
      });
      List<String> emitted = o.merged().subList(0, o.merged().indexOf("|"));
      assertThat(emitted).containsExactlyInAnyOrder("20", "40", "60", "80", "100", "120", "140", "160", "180", "200");
    }
  }

  @Test
  void aStatefulFanInWithATimer_onTheManualClock_firesWhereTheTestAdvancesIt() {
    FlowDefinition def = FlowDefinition.define("window-of-two")
        .stage(StageDefinition.source("left", INT, f -> Sources.of(1)))
        .stage(StageDefinition.source("right", INT, f -> Sources.of(1)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, INT, ElementType.of(Long.class),
            f -> new ManualClockTest.WindowSum()))
        .stage(StageDefinition.sink("printed", ElementType.of(Long.class), f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("left", "sums"))
        .edge(EdgeDefinition.forward("right", "sums"))
        .edge(EdgeDefinition.forward("sums", "printed"))
        .build();
    for (long seed : new long[] {1, 2}) {
      // what a test sends while the flow runs lands where it lands: the windows, not the order, are fixed here
      TestSource<Integer> left = TestSource.create();
      TestSource<Integer> right = TestSource.create();
      try (FlowTestRun run = FlowTestKit.run(def).withSource("left", left).withSource("right", right)
          .withManualClock().withSeed(seed).start()) {
        left.send(1, 2);
        right.send(10, 20);
        run.settle();
        run.advanceClock(Duration.ofSeconds(10)); // the first window: 1 + 2 + 10 + 20
        assertThat(run.outputs("sums", Long.class)).containsExactly(33L);
        left.send(4);
        right.send(40);
        run.settle();
        run.advanceClock(Duration.ofSeconds(10)); // the second: 4 + 40
        assertThat(run.outputs("sums", Long.class)).containsExactly(33L, 44L);
        left.end();
        right.end();
        run.assertCompletedWithoutErrors();
        List<String> order = run.assertStage("sums").consumedOrder();
        assertThat(order.subList(0, 4)).containsExactlyInAnyOrder("left", "left", "right", "right");
        assertThat(order.subList(4, 6)).containsExactlyInAnyOrder("left", "right");
      }
    }
  }

  /**
   * Live: numbers |> same |> (reference) pair, numbers |> (stream) pair, a join whose sides share a
   * source; finite: refs |> same |> (reference) pair.
   */
  static FlowDefinition selfJoin(boolean live) {
    dev.weir.api.Join<Integer, Integer, String> join = dev.weir.api.Joins.left((Integer x) -> x, (Integer x) -> x,
        (java.util.Optional<Integer> ref, Integer x) -> (ref.isPresent() ? "hit" : "miss") + x);
    FlowDefinition.Draft draft = FlowDefinition.define(live ? "self-join-live" : "self-join")
        .bufferSize(4)
        .stage(StageDefinition.source("numbers", INT, f -> Sources.of(1)));
    if (!live) {
      draft.stage(StageDefinition.source("refs", INT, f -> Sources.of(1)));
    }
    return draft
        .stage(StageDefinition.transform("same", StageKind.TRANSFORM, INT, INT, f -> Transforms.map((Integer x) -> x)))
        .stage(StageDefinition.join("pair", INT, INT, STRING, f -> live ? join.live() : join))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward(live ? "numbers" : "refs", "same"))
        .edge(EdgeDefinition.reference("same", "pair"))
        .edge(EdgeDefinition.forward("numbers", "pair"))
        .edge(EdgeDefinition.forward("pair", "printed"))
        .build();
  }

  @Test
  void aLiveJoinWhoseSidesShareASource_matchesTheSameEventsForTheSameSeed() {
    Set<List<String>> bySeed = new HashSet<>();
    for (long seed : new long[] {1, 2, 3, 4}) {
      Outcome o = repeatable(seed, s -> outcome(FlowTestKit.run(selfJoin(true)).withSource("numbers", numbers(30))
          .withSeed(s).complete(), "pair"));
      assertThat(o.merged()).hasSize(30);
      assertThat(o.merged().stream().map(x -> x.replaceAll("[a-z]", "")).toList())
          .isEqualTo(numbers(30).stream().map(String::valueOf).toList());
      bySeed.add(o.merged());
    }
    assertThat(bySeed).as("which events found their reference, by seed").hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aFiniteJoin_underASeed_readsItsReferenceFirst() {
    FlowTestRun run = FlowTestKit.run(selfJoin(false)).withSource("numbers", numbers(20))
        .withSource("refs", List.of(2, 4, 6, 8, 10, 12, 14, 16, 18, 20)).withSeed(8).complete();
    run.assertCompletedWithoutErrors();
    run.assertStage("pair").hasEmitted(IntStream.rangeClosed(1, 20).mapToObj(n -> (n % 2 == 0 ? "hit" : "miss") + n)
        .toList());
    List<String> order = run.assertStage("pair").consumedOrder();
    assertThat(order.subList(0, 10)).containsOnly("same");
    assertThat(order.subList(10, 30)).containsOnly("numbers");
  }

  @Test
  void aSeededFlowThatCannotStart_failsAsAnUnseededOneDoes() {
    FlowDefinition dangling = FlowDefinition.define("dangling")
        .stage(StageDefinition.source("numbers", INT, f -> Sources.of(1)))
        .stage(StageDefinition.source("unused", INT, f -> Sources.of(1)))
        .stage(StageDefinition.sink("printed", INT, f -> Sinks.discard()))
        .edge(EdgeDefinition.forward("numbers", "printed"))
        .build();
    FlowTestRun run = FlowTestKit.run(dangling).withSource("numbers", numbers(3)).withSeed(1).complete();
    assertThat(run.assertFailed().getMessage()).contains("source 'unused' has no downstream");
  }

  @Test
  void aSeededRun_ofAFlowWithoutFanIn_isThePlainRun() {
    FlowDefinition chain = FlowDefinition.define("chain")
        .stage(StageDefinition.source("numbers", INT, f -> Sources.of(1)))
        .stage(StageDefinition.transform("tens", StageKind.TRANSFORM, INT, STRING, f ->
            Transforms.map((Integer n) -> "t" + n * 10)))
        .stage(StageDefinition.sink("printed", STRING, f -> Sinks.discard()))
        .chain("numbers", "tens", "printed")
        .build();
    FlowTestRun run = FlowTestKit.run(chain).withSource("numbers", numbers(3)).withSeed(5).complete();
    run.assertCompletedWithoutErrors();
    run.assertStage("tens").hasEmitted("t10", "t20", "t30");
    assertThatThrownBy(() -> run.assertStage("tens").consumedOrder()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("stage 'tens' of flow 'chain': it keeps no order journal");
  }

  @Test
  void testSourcesUnderASeed_settleAndFeedTheFanIn() {
    TestSource<String> left = TestSource.create();
    TestSource<String> right = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(twoSources()).withSource("left", left).withSource("right", right)
        .withSeed(9).start()) {
      left.send("a", "b");
      run.settle();
      right.send("c");
      run.settle();
      run.assertStage("merge").hasEmitted("A", "B", "C").consumedInOrder("left", "left", "right");
      left.end();
      right.end();
      run.assertCompleted();
    }
  }
}
