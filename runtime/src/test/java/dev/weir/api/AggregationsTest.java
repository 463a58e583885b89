package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.flow.RecordKind;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.TypeRef;
import dev.weir.flow.JournalRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The ready-made aggregations, run as the stateful stage of a real flow ({@code in |> agg |> out},
 * memory journals): what the engine emitted is read from the stage's journal, where each record names
 * the input whose arrival triggered its emit (none for the end-of-input emit), and checked against
 * what the sink received. Expected sequences are written out by hand.
 */
class AggregationsTest {

  // ---- running an aggregation through the engine ----

  /** One emit as the engine journaled it: {@code after} is the input seq that triggered it, 0 at end of input. */
  record Batch(long after, List<Object> items) {
    @Override
    public String toString() {
      return (after == 0 ? "end" : "after #" + after) + items;
    }
  }

  /** What one run emitted, dead-lettered and how it ended. */
  record Run(FlowResult result, List<Batch> batches, List<Object> received, List<DeadLetter> deadLetters) {
    /** Everything emitted, in order. */
    List<Object> emitted() {
      return received;
    }
  }

  private static Batch at(long input, Object... items) {
    return new Batch(input, Arrays.asList(items));
  }

  private static Batch atEnd(Object... items) {
    return new Batch(0, Arrays.asList(items));
  }

  static final ElementType INT = ElementType.of(Integer.class);
  static final ElementType TEXT = ElementType.of(String.class);
  static final ElementType FLIGHT = ElementType.of(Flight.class);
  static final ElementType CARRIER_STATS = ElementType.of(CarrierStats.class);
  static final ElementType DELAYS = ElementType.of(new TypeRef<List<Integer>>() {}, "Delays", 1);
  static final ElementType PLAYER = ElementType.of(Player.class);
  static final ElementType PLAYERS = ElementType.of(new TypeRef<List<Player>>() {}, "Players", 1);
  static final ElementType SCORE = ElementType.of(Score.class);
  static final ElementType RANKING = ElementType.of(new TypeRef<List<Ranked<String>>>() {}, "Ranking", 1);
  static final ElementType QUOTE = ElementType.of(Quote.class);

  /** Runs {@code in |> agg |> out} over {@code inputs} and reads back what the stateful stage did. */
  static <I, O> Run run(Stateful<I, ?, O> agg, List<I> inputs, ElementType in, ElementType out) throws Exception {
    List<Object> received = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = FlowDefinition.define("aggregation")
        .stage(StageDefinition.source("in", in, f -> Sources.of(inputs)))
        .stage(StageDefinition.transform("agg", StageKind.STATEFUL, in, out, f -> agg))
        .stage(StageDefinition.sink("out", out, f -> Sinks.collect(received)))
        .edge(EdgeDefinition.forward("in", "agg"))
        .edge(EdgeDefinition.forward("agg", "out"))
        .build();
    FlowHandle h = def.builder().journals(Journals.memory()).start();
    FlowResult result = h.await(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("run did not end"));
    List<Batch> batches = new ArrayList<>();
    List<Object> journaled = new ArrayList<>();
    EventRef previous = null;
    for (JournalRecord rec : h.journals().data("agg").readAll()) {
      if (rec.kind() != RecordKind.DATA) {
        continue;
      }
      journaled.add(rec.payload());
      EventRef parent = rec.parent();
      if (!parent.equals(EventRef.NONE)) {
        assertThat(parent.stage()).as("parent of %s", rec).isEqualTo("in");
      }
      if (!parent.equals(previous)) {
        batches.add(new Batch(parent.equals(EventRef.NONE) ? 0 : parent.seq(), new ArrayList<>()));
        previous = parent;
      }
      batches.get(batches.size() - 1).items().add(rec.payload());
    }
    List<DeadLetter> dead = h.journals().errors("agg").readAll().stream()
        .filter(rec -> rec.payload() instanceof DeadLetter)
        .map(rec -> (DeadLetter) rec.payload())
        .toList();
    if (result.state() == FlowState.COMPLETED) {
      assertThat(received).as("what the sink received is what the stage journaled").isEqualTo(journaled);
    }
    return new Run(result, batches, List.copyOf(received), dead);
  }

  /** {@link #run} that must complete with no dead letters. */
  static <I, O> Run clean(Stateful<I, ?, O> agg, List<I> inputs, ElementType in, ElementType out) throws Exception {
    Run run = run(agg, inputs, in, out);
    assertThat(run.result().state()).as(run.result().toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.deadLetters()).isEmpty();
    return run;
  }

  /** The emits of a clean run, as the engine journaled them. */
  static <I, O> List<Batch> batches(Stateful<I, ?, O> agg, List<I> inputs, ElementType in, ElementType out)
      throws Exception {
    return clean(agg, inputs, in, out).batches();
  }

  /** Everything a clean run emitted, in order. */
  static <I, O> List<Object> emitted(Stateful<I, ?, O> agg, List<I> inputs, ElementType in, ElementType out)
      throws Exception {
    return clean(agg, inputs, in, out).emitted();
  }

  // ---- event types for the tests ----

  record Flight(String carrier, int delay) {}

  /** As in the flight sample: a static no-arg factory and an instance {@code add}. */
  record CarrierStats(String carrier, long flights, long totalDelay) {
    static CarrierStats empty() {
      return new CarrierStats("", 0, 0);
    }

    CarrierStats add(Flight f) {
      return new CarrierStats(f.carrier(), flights + 1, totalDelay + f.delay());
    }
  }

  record Player(String name, double score) {}

  record Score(String player, int points) {}

  record Quote(String symbol, int price) {}

  private static Flight f(String carrier, int delay) {
    return new Flight(carrier, delay);
  }

  private static CarrierStats stats(String carrier, long flights, long totalDelay) {
    return new CarrierStats(carrier, flights, totalDelay);
  }

  private static Player p(String name, double score) {
    return new Player(name, score);
  }

  private static Score s(String player, int points) {
    return new Score(player, points);
  }

  private static Quote q(String symbol, int price) {
    return new Quote(symbol, price);
  }

  private static Ranked<String> r(String key, double score) {
    return new Ranked<>(key, score);
  }

  private static final List<Integer> ONE_TO_SEVEN = List.of(1, 2, 3, 4, 5, 6, 7);

  private static Aggregation<Integer, ?, Integer> sum() {
    return Aggregations.reduce(() -> 0, Integer::sum);
  }

  // ---- reduce ----

  private static List<Batch> sums(EmitPolicy policy, List<Integer> inputs) throws Exception {
    return batches(policy == null ? sum() : sum().emitting(policy), inputs, INT, INT);
  }

  @Test
  void reduceOnEndEmitsTheFoldOnce() throws Exception {
    assertThat(sums(null, ONE_TO_SEVEN)).containsExactly(atEnd(28));
  }

  @Test
  void reduceNoInputEmitsTheInitialValueAtEnd() throws Exception {
    assertThat(sums(null, List.of())).containsExactly(atEnd(0));
  }

  @Test
  void reduceEveryNThenResetEmitsWindowsAndThePartialLastWindow() throws Exception {
    assertThat(sums(EmitPolicy.everyN(3).thenReset(), ONE_TO_SEVEN)).containsExactly(at(3, 6), at(6, 15), atEnd(7));
  }

  @Test
  void reduceEveryNThenResetEndingOnAWindowBoundaryEmitsTheInitialValueLast() throws Exception {
    assertThat(sums(EmitPolicy.everyN(3).thenReset(), List.of(1, 2, 3, 4, 5, 6)))
        .containsExactly(at(3, 6), at(6, 15), atEnd(0));
  }

  @Test
  void reduceEveryNThenKeepEmitsRunningTotals() throws Exception {
    assertThat(sums(EmitPolicy.everyN(3).thenKeep(), ONE_TO_SEVEN)).containsExactly(at(3, 6), at(6, 21), atEnd(28));
  }

  @Test
  void reduceAlwaysThenKeepEmitsAfterEveryInputAndTheFinalStateAgain() throws Exception {
    assertThat(sums(EmitPolicy.always().thenKeep(), List.of(1, 2, 3)))
        .containsExactly(at(1, 1), at(2, 3), at(3, 6), atEnd(6));
  }

  @Test
  void reduceAlwaysThenResetEmitsEachInputThenTheInitialValue() throws Exception {
    assertThat(sums(EmitPolicy.always().thenReset(), List.of(1, 2, 3)))
        .containsExactly(at(1, 1), at(2, 2), at(3, 3), atEnd(0));
  }

  @Test
  void reduceFoldsInInputOrderIntoAnotherType() throws Exception {
    Aggregation<Integer, ?, String> concat = Aggregations.reduce(() -> "", (acc, i) -> acc + i);
    assertThat(batches(concat.emitting(EmitPolicy.everyN(2).thenReset()), List.of(1, 2, 3, 4, 5), INT, TEXT))
        .containsExactly(at(2, "12"), at(4, "34"), atEnd("5"));
  }

  @Test
  void reduceAFoldThatReturnsNullRejectsThatInputAndKeepsTheState() throws Exception {
    Aggregation<Integer, ?, Integer> broken = Aggregations.reduce(() -> 0, (acc, i) -> i == 2 ? null : acc + i);
    Run run = run(broken, List.of(1, 2, 3), INT, INT);
    assertThat(run.result().state()).as(run.result().toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.batches()).containsExactly(atEnd(4));
    assertDeadLetters(run, "java.lang.NullPointerException", List.of("Aggregations.reduce: fold returned null for 2"),
        List.of(2));
  }

  @Test
  void reduceAnInitialSupplierThatReturnsNullIsRejected() throws Exception {
    Aggregation<Integer, ?, Integer> broken = Aggregations.reduce(() -> null, Integer::sum);
    assertThatThrownBy(broken::initial)
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Aggregations.reduce: the initial supplier returned null");
    Run run = run(broken, List.of(1, 2), INT, INT);
    assertThat(run.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(run.result().failure().orElseThrow().getMessage())
        .contains("Aggregations.reduce: the initial supplier returned null");
    assertThat(run.emitted()).isEmpty();
  }

  /** The run dead-lettered exactly {@code inputs}, with these messages, and went on. */
  private static void assertDeadLetters(Run run, String exception, List<String> messages, List<?> inputs) {
    assertThat(run.deadLetters()).extracting(DeadLetter::exception).containsOnly(exception);
    assertThat(run.deadLetters()).extracting(DeadLetter::message).containsExactlyElementsOf(messages);
    assertThat(run.deadLetters()).extracting(DeadLetter::input).containsExactlyElementsOf(inputs);
  }

  // ---- groupBy ----

  private static final List<Flight> FLIGHTS = List.of(f("AA", 10), f("BB", 5), f("AA", 20), f("CC", 0), f("BB", 15));

  private static Aggregation<Flight, ?, CarrierStats> perCarrier() {
    return Aggregations.groupBy(Flight::carrier, CarrierStats::empty, CarrierStats::add);
  }

  private static List<Batch> carriers(EmitPolicy policy, List<Flight> inputs) throws Exception {
    return batches(policy == null ? perCarrier() : perCarrier().emitting(policy), inputs, FLIGHT, CARRIER_STATS);
  }

  @Test
  void groupByCompilesAsInTheDesignWithAStaticFactoryAndAnInstanceAdd() {
    Stateful<Flight, ?, CarrierStats> stage = Aggregations.groupBy(Flight::carrier, CarrierStats::empty, CarrierStats::add);
    var untargeted = Aggregations.groupBy(Flight::carrier, CarrierStats::empty, CarrierStats::add);
    Stateful<Flight, ?, CarrierStats> same = untargeted;
    assertThat(stage.policy().trigger()).isEqualTo(EmitPolicy.Trigger.ON_END);
    assertThat(same).isNotNull();
  }

  @Test
  void groupByOnEndEmitsOneValuePerKeyInFirstSeenOrder() throws Exception {
    assertThat(carriers(null, FLIGHTS)).containsExactly(atEnd(stats("AA", 2, 30), stats("BB", 2, 20), stats("CC", 1, 0)));
  }

  @Test
  void groupByNoInputEmitsNothing() throws Exception {
    assertThat(clean(perCarrier(), List.of(), FLIGHT, CARRIER_STATS).emitted()).isEmpty();
  }

  @Test
  void groupByEveryNThenResetEmitsEachWindowsGroupsInThatWindowsFirstSeenOrder() throws Exception {
    assertThat(carriers(EmitPolicy.everyN(2).thenReset(), FLIGHTS)).containsExactly(
        at(2, stats("AA", 1, 10), stats("BB", 1, 5)),
        at(4, stats("AA", 1, 20), stats("CC", 1, 0)),
        atEnd(stats("BB", 1, 15)));
  }

  @Test
  void groupByAFinalEmitRightAfterAResetEmitsNothing() throws Exception {
    assertThat(carriers(EmitPolicy.everyN(2).thenReset(), FLIGHTS.subList(0, 4))).containsExactly(
        at(2, stats("AA", 1, 10), stats("BB", 1, 5)),
        at(4, stats("AA", 1, 20), stats("CC", 1, 0)));
  }

  @Test
  void groupByEveryNThenKeepEmitsRunningValuesForEveryKeySeenSoFar() throws Exception {
    assertThat(carriers(EmitPolicy.everyN(2).thenKeep(), FLIGHTS)).containsExactly(
        at(2, stats("AA", 1, 10), stats("BB", 1, 5)),
        at(4, stats("AA", 2, 30), stats("BB", 1, 5), stats("CC", 1, 0)),
        atEnd(stats("AA", 2, 30), stats("BB", 2, 20), stats("CC", 1, 0)));
  }

  @Test
  void groupByAlwaysThenResetEmitsOneValuePerInputAndNothingAtTheEnd() throws Exception {
    assertThat(carriers(EmitPolicy.always().thenReset(), FLIGHTS.subList(0, 3))).containsExactly(
        at(1, stats("AA", 1, 10)), at(2, stats("BB", 1, 5)), at(3, stats("AA", 1, 20)));
  }

  @Test
  void groupByAlwaysThenKeepEmitsTheWholeRunningStateAfterEachInput() throws Exception {
    assertThat(carriers(EmitPolicy.always().thenKeep(), FLIGHTS.subList(0, 3))).containsExactly(
        at(1, stats("AA", 1, 10)),
        at(2, stats("AA", 1, 10), stats("BB", 1, 5)),
        at(3, stats("AA", 2, 30), stats("BB", 1, 5)),
        atEnd(stats("AA", 2, 30), stats("BB", 1, 5)));
  }

  @Test
  void groupByWorksWithAMutableValueThatAddReturnsItself() throws Exception {
    Aggregation<Flight, ?, List<Integer>> delays = Aggregations.groupBy(Flight::carrier, ArrayList::new,
        (List<Integer> list, Flight fl) -> {
          list.add(fl.delay());
          return list;
        });
    assertThat(batches(delays, FLIGHTS, FLIGHT, DELAYS)).containsExactly(atEnd(List.of(10, 20), List.of(5, 15), List.of(0)));
  }

  @Test
  void groupByANullKeyRejectsThatInputAndLeavesTheStateUnchanged() throws Exception {
    Run run = run(perCarrier(), List.of(f("AA", 1), f(null, 2), f("AA", 3)), FLIGHT, CARRIER_STATS);
    assertThat(run.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.batches()).containsExactly(atEnd(stats("AA", 2, 4)));
    assertDeadLetters(run, "java.lang.NullPointerException",
        List.of("Aggregations.groupBy: the key function returned null for Flight[carrier=null, delay=2]"),
        List.of(f(null, 2)));
  }

  @Test
  void groupByAnInitOrAddThatReturnsNullIsRejected() throws Exception {
    Aggregation<Flight, ?, CarrierStats> noInit = Aggregations.groupBy(Flight::carrier, () -> null, CarrierStats::add);
    Run run = run(noInit, List.of(f("AA", 1)), FLIGHT, CARRIER_STATS);
    assertThat(run.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.emitted()).isEmpty();
    assertDeadLetters(run, "java.lang.NullPointerException",
        List.of("Aggregations.groupBy: the init supplier returned null"), List.of(f("AA", 1)));
    Aggregation<Flight, ?, CarrierStats> noAdd =
        Aggregations.groupBy(Flight::carrier, CarrierStats::empty, (v, fl) -> fl.delay() == 1 ? null : v.add(fl));
    run = run(noAdd, List.of(f("AA", 1), f("AA", 2)), FLIGHT, CARRIER_STATS);
    assertThat(run.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.batches()).containsExactly(atEnd(stats("AA", 1, 2)));
    assertDeadLetters(run, "java.lang.NullPointerException",
        List.of("Aggregations.groupBy: add returned null for key AA and input Flight[carrier=AA, delay=1]"),
        List.of(f("AA", 1)));
  }

  // ---- topN ----

  private static Aggregation<Player, ?, List<Player>> topPlayers(int n) {
    return Aggregations.topN(n, Player::name, Player::score);
  }

  private static List<Batch> top(Stateful<Player, ?, List<Player>> agg, List<Player> inputs) throws Exception {
    return batches(agg, inputs, PLAYER, PLAYERS);
  }

  private static final List<Player> PLAYS = List.of(p("a", 5), p("b", 7), p("c", 5), p("a", 9), p("d", 7), p("b", 1));

  @Test
  void topNOnEndEmitsOneListOfTheHighestLatestItems() throws Exception {
    // latest per key: a=9, b=1, c=5, d=7
    assertThat(top(topPlayers(3), PLAYS)).containsExactly(atEnd(List.of(p("a", 9), p("d", 7), p("c", 5))));
  }

  @Test
  void topNALaterItemReplacesItsKeysEarlierOneEvenWhenItScoresLower() throws Exception {
    assertThat(top(topPlayers(2), List.of(p("a", 10), p("b", 3), p("a", 1))))
        .containsExactly(atEnd(List.of(p("b", 3), p("a", 1))));
  }

  @Test
  void topNTiesGoInFirstSeenKeyOrder() throws Exception {
    assertThat(top(topPlayers(3), List.of(p("x", 3), p("y", 3), p("z", 3), p("w", 4))))
        .containsExactly(atEnd(List.of(p("w", 4), p("x", 3), p("y", 3))));
  }

  @Test
  void topNAReplacedKeyKeepsItsFirstSeenPlaceForTies() throws Exception {
    assertThat(top(topPlayers(2), List.of(p("p", 1), p("q", 2), p("r", 2), p("p", 2))))
        .containsExactly(atEnd(List.of(p("p", 2), p("q", 2))));
  }

  @Test
  void topNNegativeZeroTiesWithZero() throws Exception {
    assertThat(top(topPlayers(2), List.of(p("a", -0.0), p("b", 0.0))))
        .containsExactly(atEnd(List.of(p("a", -0.0), p("b", 0.0))));
  }

  @Test
  void topNFewerKeysThanNEmitsThemAll() throws Exception {
    assertThat(top(topPlayers(5), List.of(p("a", 1), p("b", 2)))).containsExactly(atEnd(List.of(p("b", 2), p("a", 1))));
  }

  @Test
  void topNNoInputEmitsOneEmptyList() throws Exception {
    assertThat(top(topPlayers(3), List.of())).containsExactly(atEnd(List.of()));
  }

  @Test
  void topNEveryNThenResetRanksEachWindowAndEmitsAnEmptyListAfterAFinalReset() throws Exception {
    assertThat(top(topPlayers(2).emitting(EmitPolicy.everyN(2).thenReset()), PLAYS)).containsExactly(
        at(2, List.of(p("b", 7), p("a", 5))),
        at(4, List.of(p("a", 9), p("c", 5))),
        at(6, List.of(p("d", 7), p("b", 1))),
        atEnd(List.of()));
  }

  @Test
  void topNEveryNThenKeepRanksEverythingSeenSoFar() throws Exception {
    assertThat(top(topPlayers(3).emitting(EmitPolicy.everyN(2).thenKeep()), PLAYS)).containsExactly(
        at(2, List.of(p("b", 7), p("a", 5))),
        at(4, List.of(p("a", 9), p("b", 7), p("c", 5))),
        at(6, List.of(p("a", 9), p("d", 7), p("c", 5))),
        atEnd(List.of(p("a", 9), p("d", 7), p("c", 5))));
  }

  @Test
  void topNAlwaysThenKeepEmitsTheRankingAfterEveryInput() throws Exception {
    assertThat(top(topPlayers(2).emitting(EmitPolicy.always().thenKeep()), List.of(p("a", 5), p("b", 7), p("a", 9))))
        .containsExactly(
            at(1, List.of(p("a", 5))),
            at(2, List.of(p("b", 7), p("a", 5))),
            at(3, List.of(p("a", 9), p("b", 7))),
            atEnd(List.of(p("a", 9), p("b", 7))));
  }

  @Test
  void topNEmittedListsAreSnapshots() throws Exception {
    assertSnapshots(clean(topPlayers(2).emitting(EmitPolicy.always().thenKeep()), List.of(p("a", 1), p("b", 2)),
        PLAYER, PLAYERS), List.of(p("a", 1)), List.of(p("b", 2), p("a", 1)));
  }

  @Test
  void topNANaNScoreRejectsThatInput() throws Exception {
    Run run = run(topPlayers(2), List.of(p("a", Double.NaN), p("b", 1)), PLAYER, PLAYERS);
    assertThat(run.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.batches()).containsExactly(atEnd(List.of(p("b", 1))));
    assertDeadLetters(run, "java.lang.IllegalArgumentException",
        List.of("Aggregations.topN: the score function returned NaN for Player[name=a, score=NaN]"),
        List.of(p("a", Double.NaN)));
  }

  @Test
  void topNANullKeyRejectsThatInputAndLeavesTheStateUnchanged() throws Exception {
    Run run = run(topPlayers(2), List.of(p("a", 1), p(null, 2)), PLAYER, PLAYERS);
    assertThat(run.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.batches()).containsExactly(atEnd(List.of(p("a", 1))));
    assertDeadLetters(run, "java.lang.NullPointerException",
        List.of("Aggregations.topN: the key function returned null for Player[name=null, score=2.0]"),
        List.of(p(null, 2)));
  }

  @Test
  void topNAndTopNByMatchAStableSortOnRandomInputsWithManyTies() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 12; round++) {
      List<Player> inputs = new ArrayList<>();
      for (int i = random.nextInt(60); i > 0; i--) {
        inputs.add(p("k" + random.nextInt(15), random.nextInt(5)));
      }
      int n = 1 + random.nextInt(20);
      Map<String, Player> latest = new LinkedHashMap<>();
      Map<String, Double> sums = new LinkedHashMap<>();
      for (Player in : inputs) {
        latest.put(in.name(), in);
        sums.merge(in.name(), in.score(), Double::sum);
      }
      List<Player> byScore = new ArrayList<>(latest.values());
      byScore.sort(Comparator.comparingDouble(Player::score).reversed()); // List.sort is stable
      List<Ranked<String>> bySum = new ArrayList<>();
      sums.forEach((k, v) -> bySum.add(r(k, v)));
      bySum.sort(Comparator.comparingDouble((Ranked<String> e) -> e.score()).reversed());
      assertThat(top(topPlayers(n), inputs)).as("round %d", round)
          .containsExactly(atEnd(byScore.subList(0, Math.min(n, byScore.size()))));
      assertThat(batches(Aggregations.topNBy(n, Player::name, Player::score), inputs, PLAYER, RANKING))
          .as("round %d", round)
          .containsExactly(atEnd(bySum.subList(0, Math.min(n, bySum.size()))));
    }
  }

  /**
   * The lists the sink received are snapshots: the first still holds what it held when emitted
   * although the state went on changing, and none can be changed.
   */
  @SuppressWarnings("unchecked")
  /**
   * Each emit is a snapshot: a later input does not change what an earlier emit delivered. (A sink
   * gets its own copy of a list, decoded from the journal, so it may change it without harm.)
   */
  private static void assertSnapshots(Run run, List<?> first, List<?> second) {
    assertThat(run.emitted()).hasSize(3); // after each of the two inputs, and at end
    assertThat(run.emitted().get(0)).isEqualTo(first);
    assertThat(run.emitted().get(1)).isEqualTo(second);
    assertThat(run.emitted().get(0)).isNotSameAs(run.emitted().get(1));
  }

  // ---- topNBy ----

  private static final List<Score> SCORES =
      List.of(s("ann", 10), s("bob", 20), s("cat", 5), s("ann", 15), s("dan", 25), s("cat", 20));

  private static Aggregation<Score, ?, List<Ranked<String>>> leaders(int n) {
    return Aggregations.topNBy(n, Score::player, Score::points);
  }

  private static List<Batch> ranked(Stateful<Score, ?, List<Ranked<String>>> agg, List<Score> inputs) throws Exception {
    return batches(agg, inputs, SCORE, RANKING);
  }

  @Test
  void topNByCompilesAsInTheLeaderboardSample() {
    Stateful<Score, ?, List<Ranked<String>>> stage =
        Aggregations.topNBy(10, Score::player, Score::points).emitting(EmitPolicy.everyN(5000).thenKeep());
    assertThat(stage.policy().count()).isEqualTo(5000);
  }

  @Test
  void topNByOnEndSumsPerKeyAndBreaksTiesByFirstSeen() throws Exception {
    // sums: ann 25, bob 20, cat 25, dan 25
    assertThat(ranked(leaders(3), SCORES)).containsExactly(atEnd(List.of(r("ann", 25), r("cat", 25), r("dan", 25))));
    assertThat(ranked(leaders(4), SCORES))
        .containsExactly(atEnd(List.of(r("ann", 25), r("cat", 25), r("dan", 25), r("bob", 20))));
  }

  @Test
  void topNBySumsFractionalAndNegativeScores() throws Exception {
    Aggregation<Player, ?, List<Ranked<String>>> agg = Aggregations.topNBy(2, Player::name, Player::score);
    assertThat(batches(agg, List.of(p("x", 1.5), p("y", 2.0), p("x", 1.25), p("y", -1.0), p("z", -0.5)), PLAYER, RANKING))
        .containsExactly(atEnd(List.of(r("x", 2.75), r("y", 1.0))));
  }

  @Test
  void topNByEveryNThenKeepRanksRunningSums() throws Exception {
    assertThat(ranked(leaders(2).emitting(EmitPolicy.everyN(3).thenKeep()), SCORES)).containsExactly(
        at(3, List.of(r("bob", 20), r("ann", 10))),
        at(6, List.of(r("ann", 25), r("cat", 25))),
        atEnd(List.of(r("ann", 25), r("cat", 25))));
  }

  @Test
  void topNByEveryNThenResetRanksEachWindowAndEmitsAnEmptyListAfterAFinalReset() throws Exception {
    assertThat(ranked(leaders(2).emitting(EmitPolicy.everyN(3).thenReset()), SCORES)).containsExactly(
        at(3, List.of(r("bob", 20), r("ann", 10))),
        at(6, List.of(r("dan", 25), r("cat", 20))),
        atEnd(List.of()));
  }

  @Test
  void topNByEveryNThenResetEmitsThePartialLastWindowAtEnd() throws Exception {
    assertThat(ranked(leaders(2).emitting(EmitPolicy.everyN(4).thenReset()), SCORES)).containsExactly(
        at(4, List.of(r("ann", 25), r("bob", 20))),
        atEnd(List.of(r("dan", 25), r("cat", 20))));
  }

  @Test
  void topNByAlwaysThenResetRanksEachInputAlone() throws Exception {
    assertThat(ranked(leaders(2).emitting(EmitPolicy.always().thenReset()), SCORES.subList(0, 2)))
        .containsExactly(at(1, List.of(r("ann", 10))), at(2, List.of(r("bob", 20))), atEnd(List.of()));
  }

  @Test
  void topNByEmittedListsAreSnapshots() throws Exception {
    assertSnapshots(clean(leaders(2).emitting(EmitPolicy.always().thenKeep()), List.of(s("ann", 1), s("ann", 2)),
        SCORE, RANKING), List.of(r("ann", 1)), List.of(r("ann", 3)));
  }

  @Test
  void topNByANaNScoreRejectsThatInput() throws Exception {
    Aggregation<Player, ?, List<Ranked<String>>> agg = Aggregations.topNBy(2, Player::name, Player::score);
    Run run = run(agg, List.of(p("a", 1), p("a", Double.NaN)), PLAYER, RANKING);
    assertThat(run.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.batches()).containsExactly(atEnd(List.of(r("a", 1))));
    assertDeadLetters(run, "java.lang.IllegalArgumentException",
        List.of("Aggregations.topNBy: the score function returned NaN for Player[name=a, score=NaN]"),
        List.of(p("a", Double.NaN)));
  }

  @Test
  void rankedNeedsAKey() {
    assertThatThrownBy(() -> new Ranked<>(null, 1.0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Ranked needs a key");
  }

  // ---- conflate ----

  private static final List<Quote> QUOTES = List.of(q("A", 1), q("B", 1), q("A", 2), q("C", 1), q("B", 2));

  private static Aggregation<Quote, ?, Quote> latest() {
    return Aggregations.conflate(Quote::symbol);
  }

  private static List<Batch> conflated(EmitPolicy policy, List<Quote> inputs) throws Exception {
    return batches(policy == null ? latest() : latest().emitting(policy), inputs, QUOTE, QUOTE);
  }

  @Test
  void conflateOnEndEmitsTheLatestItemPerKeyInFirstSeenKeyOrder() throws Exception {
    assertThat(conflated(null, QUOTES)).containsExactly(atEnd(q("A", 2), q("B", 2), q("C", 1)));
  }

  @Test
  void conflateEveryNThenResetEmitsEachWindowsLatest() throws Exception {
    assertThat(conflated(EmitPolicy.everyN(2).thenReset(), QUOTES))
        .containsExactly(at(2, q("A", 1), q("B", 1)), at(4, q("A", 2), q("C", 1)), atEnd(q("B", 2)));
  }

  @Test
  void conflateAFinalEmitRightAfterAResetEmitsNothing() throws Exception {
    assertThat(conflated(EmitPolicy.everyN(2).thenReset(), QUOTES.subList(0, 4)))
        .containsExactly(at(2, q("A", 1), q("B", 1)), at(4, q("A", 2), q("C", 1)));
  }

  @Test
  void conflateEveryNThenKeepEmitsTheLatestOfEveryKeySeenSoFar() throws Exception {
    assertThat(conflated(EmitPolicy.everyN(2).thenKeep(), QUOTES)).containsExactly(
        at(2, q("A", 1), q("B", 1)),
        at(4, q("A", 2), q("B", 1), q("C", 1)),
        atEnd(q("A", 2), q("B", 2), q("C", 1)));
  }

  @Test
  void conflateAlwaysThenResetPassesEachInputThrough() throws Exception {
    assertThat(conflated(EmitPolicy.always().thenReset(), QUOTES)).containsExactly(
        at(1, q("A", 1)), at(2, q("B", 1)), at(3, q("A", 2)), at(4, q("C", 1)), at(5, q("B", 2)));
  }

  @Test
  void conflateAlwaysThenKeepEmitsTheWholeLatestViewAfterEachInput() throws Exception {
    assertThat(conflated(EmitPolicy.always().thenKeep(), QUOTES.subList(0, 3))).containsExactly(
        at(1, q("A", 1)),
        at(2, q("A", 1), q("B", 1)),
        at(3, q("A", 2), q("B", 1)),
        atEnd(q("A", 2), q("B", 1)));
  }

  @Test
  void conflateNoInputEmitsNothing() throws Exception {
    assertThat(clean(latest(), List.of(), QUOTE, QUOTE).emitted()).isEmpty();
  }

  @Test
  void conflateANullKeyRejectsThatInputAndLeavesTheStateUnchanged() throws Exception {
    Run run = run(latest(), List.of(q("A", 1), q(null, 2)), QUOTE, QUOTE);
    assertThat(run.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(run.batches()).containsExactly(atEnd(q("A", 1)));
    assertDeadLetters(run, "java.lang.NullPointerException",
        List.of("Aggregations.conflate: the key function returned null for Quote[symbol=null, price=2]"),
        List.of(q(null, 2)));
  }

  // ---- policies, identity, bad arguments ----

  @Test
  void theDefaultPolicyIsOnEnd() {
    for (Aggregation<?, ?, ?> agg : List.of(sum(), perCarrier(), topPlayers(1), leaders(1), latest())) {
      assertThat(agg.policy().trigger()).isEqualTo(EmitPolicy.Trigger.ON_END);
    }
  }

  @Test
  void emittingReturnsACopyAndLeavesTheOriginalAlone() {
    Aggregation<Integer, ?, Integer> original = sum();
    EmitPolicy policy = EmitPolicy.everyN(4).thenReset();
    Aggregation<Integer, ?, Integer> windowed = original.emitting(policy);
    assertThat(windowed).isNotSameAs(original);
    assertThat(windowed.policy()).isSameAs(policy);
    assertThat(original.policy().trigger()).isEqualTo(EmitPolicy.Trigger.ON_END);
    assertThat(windowed.emitting(EmitPolicy.onEnd()).policy().trigger()).isEqualTo(EmitPolicy.Trigger.ON_END);
  }

  @Test
  void aTimerPolicyIsAcceptedAndCarried() {
    EmitPolicy every = EmitPolicy.every(Duration.ofSeconds(5)).thenKeep();
    Aggregation<Quote, ?, Quote> agg = latest().emitting(every);
    assertThat(agg.policy()).isSameAs(every);
    assertThat(agg.policy().trigger()).isEqualTo(EmitPolicy.Trigger.EVERY_DURATION);
    assertThat(agg.policy().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(agg.policy().afterEmit()).isEqualTo(EmitPolicy.AfterEmit.KEEP);
    assertThat(leaders(3).emitting(EmitPolicy.every(Duration.ofMillis(250)).thenReset()).policy().afterEmit())
        .isEqualTo(EmitPolicy.AfterEmit.RESET);
  }

  @Test
  void aWindowedPolicyWithoutResetOrKeepIsRejected() {
    for (EmitPolicy unset : List.of(EmitPolicy.everyN(3), EmitPolicy.always(), EmitPolicy.every(Duration.ofSeconds(1)))) {
      assertThatThrownBy(() -> leaders(3).emitting(unset))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Aggregations.topNBy(3).emitting(" + unset + "): a windowed policy must say what happens to"
              + " the state after an emit: call .thenReset() (start each window afresh) or .thenKeep() (running totals)");
    }
  }

  @Test
  void aNullPolicyIsRejected() {
    assertThatThrownBy(() -> latest().emitting(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Aggregations.conflate.emitting needs a policy, got null");
  }

  @Test
  void toStringNamesTheAggregationAndItsPolicy() {
    assertThat(sum()).hasToString("Aggregations.reduce emitting onEnd()");
    assertThat(perCarrier().emitting(EmitPolicy.everyN(2).thenReset())).hasToString("Aggregations.groupBy emitting everyN(2).reset");
    assertThat(topPlayers(3).emitting(EmitPolicy.always().thenKeep())).hasToString("Aggregations.topN(3) emitting always().keep");
    assertThat(leaders(10)).hasToString("Aggregations.topNBy(10) emitting onEnd()");
    assertThat(latest().emitting(EmitPolicy.every(Duration.ofSeconds(2)).thenKeep()))
        .hasToString("Aggregations.conflate emitting every(PT2S).keep");
  }

  @Test
  void initialReturnsAFreshStateEachCall() {
    for (Aggregation<?, ?, ?> agg : List.of(perCarrier(), topPlayers(1), leaders(1), latest())) {
      assertThat(agg.initial()).isNotSameAs(agg.initial());
    }
  }

  @Test
  void oneAggregationRunTwiceGivesTheSameOutput() throws Exception {
    Aggregation<Score, ?, List<Ranked<String>>> agg = leaders(2).emitting(EmitPolicy.everyN(3).thenKeep());
    List<Batch> first = ranked(agg, SCORES);
    assertThat(first).hasSize(3);
    assertThat(ranked(agg, SCORES)).isEqualTo(first);
  }

  @Test
  void nMustBePositive() {
    assertThatThrownBy(() -> Aggregations.topN(0, Player::name, Player::score))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Aggregations.topN needs n > 0, got 0");
    assertThatThrownBy(() -> Aggregations.topN(-2, Player::name, Player::score))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Aggregations.topN needs n > 0, got -2");
    assertThatThrownBy(() -> Aggregations.topNBy(0, Score::player, Score::points))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Aggregations.topNBy needs n > 0, got 0");
    assertThatThrownBy(() -> Aggregations.topNBy(-1, Score::player, Score::points))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Aggregations.topNBy needs n > 0, got -1");
  }

  @Test
  void nullFunctionsAreRejectedByName() {
    Supplier<Integer> zero = () -> 0;
    BiFunction<Integer, Integer, Integer> plus = Integer::sum;
    Function<Player, String> name = Player::name;
    ToDoubleFunction<Player> score = Player::score;
    assertNpe(() -> Aggregations.reduce(null, plus), "Aggregations.reduce needs an initial supplier, got null");
    assertNpe(() -> Aggregations.reduce(zero, null), "Aggregations.reduce needs a fold function, got null");
    assertNpe(() -> Aggregations.groupBy(null, CarrierStats::empty, CarrierStats::add),
        "Aggregations.groupBy needs a key function, got null");
    assertNpe(() -> Aggregations.groupBy(Flight::carrier, null, CarrierStats::add),
        "Aggregations.groupBy needs an init supplier, got null");
    assertNpe(() -> Aggregations.groupBy(Flight::carrier, CarrierStats::empty, null),
        "Aggregations.groupBy needs an add function, got null");
    assertNpe(() -> Aggregations.topN(1, null, score), "Aggregations.topN needs a key function, got null");
    assertNpe(() -> Aggregations.topN(1, name, null), "Aggregations.topN needs a score function, got null");
    assertNpe(() -> Aggregations.topNBy(1, null, score), "Aggregations.topNBy needs a key function, got null");
    assertNpe(() -> Aggregations.topNBy(1, name, null), "Aggregations.topNBy needs a score function, got null");
    assertNpe(() -> Aggregations.conflate(null), "Aggregations.conflate needs a key function, got null");
  }

  private void assertNpe(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(message);
  }
}
