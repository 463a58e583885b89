package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
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

class AggregationsTest {

  // ---- the runtime, simulated: the same contract the engine's stateful runner keeps ----

  /**
   * Runs a stateful handler over {@code inputs} as the runtime does and returns what each call of
   * {@code emit} produced, one list per call (the last one is the end-of-input emit).
   */
  static <I, S, O> List<List<O>> batches(Stateful<I, S, O> stateful, List<I> inputs) throws Exception {
    EmitPolicy policy = stateful.policy();
    List<List<O>> batches = new ArrayList<>();
    S state = stateful.initial();
    long sinceEmit = 0;
    for (I in : inputs) {
      state = stateful.accumulate(state, in);
      sinceEmit++;
      boolean fire = switch (policy.trigger()) {
        case ON_END -> false;
        case ALWAYS -> true;
        case EVERY_N -> sinceEmit >= policy.count();
        case EVERY_DURATION -> throw new UnsupportedOperationException("timers are the engine's");
      };
      if (fire) {
        batches.add(emitOnce(stateful, state));
        sinceEmit = 0;
        if (policy.afterEmit() == EmitPolicy.AfterEmit.RESET) {
          state = stateful.initial();
        }
      }
    }
    batches.add(emitOnce(stateful, state));
    return batches;
  }

  /** Everything emitted, in order, regardless of which emit call produced it. */
  static <I, S, O> List<O> emitted(Stateful<I, S, O> stateful, List<I> inputs) throws Exception {
    List<O> all = new ArrayList<>();
    batches(stateful, inputs).forEach(all::addAll);
    return all;
  }

  private static <S, O> List<O> emitOnce(Stateful<?, S, O> stateful, S state) throws Exception {
    List<O> out = new ArrayList<>();
    stateful.emit(state, out::add);
    return out;
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

  @Test
  void reduceOnEndEmitsTheFoldOnce() throws Exception {
    assertThat(batches(sum(), ONE_TO_SEVEN)).containsExactly(List.of(28));
  }

  @Test
  void reduceNoInputEmitsTheInitialValueAtEnd() throws Exception {
    assertThat(batches(sum(), List.of())).containsExactly(List.of(0));
  }

  @Test
  void reduceEveryNThenResetEmitsWindowsAndThePartialLastWindow() throws Exception {
    assertThat(batches(sum().emitting(EmitPolicy.everyN(3).thenReset()), ONE_TO_SEVEN))
        .containsExactly(List.of(6), List.of(15), List.of(7));
  }

  @Test
  void reduceEveryNThenResetEndingOnAWindowBoundaryEmitsTheInitialValueLast() throws Exception {
    assertThat(batches(sum().emitting(EmitPolicy.everyN(3).thenReset()), List.of(1, 2, 3, 4, 5, 6)))
        .containsExactly(List.of(6), List.of(15), List.of(0));
  }

  @Test
  void reduceEveryNThenKeepEmitsRunningTotals() throws Exception {
    assertThat(batches(sum().emitting(EmitPolicy.everyN(3).thenKeep()), ONE_TO_SEVEN))
        .containsExactly(List.of(6), List.of(21), List.of(28));
  }

  @Test
  void reduceAlwaysThenKeepEmitsAfterEveryInputAndTheFinalStateAgain() throws Exception {
    assertThat(batches(sum().emitting(EmitPolicy.always().thenKeep()), List.of(1, 2, 3)))
        .containsExactly(List.of(1), List.of(3), List.of(6), List.of(6));
  }

  @Test
  void reduceAlwaysThenResetEmitsEachInputThenTheInitialValue() throws Exception {
    assertThat(batches(sum().emitting(EmitPolicy.always().thenReset()), List.of(1, 2, 3)))
        .containsExactly(List.of(1), List.of(2), List.of(3), List.of(0));
  }

  @Test
  void reduceFoldsInInputOrderIntoAnotherType() throws Exception {
    Aggregation<Integer, ?, String> concat = Aggregations.reduce(() -> "", (acc, i) -> acc + i);
    assertThat(emitted(concat.emitting(EmitPolicy.everyN(2).thenReset()), List.of(1, 2, 3, 4, 5)))
        .containsExactly("12", "34", "5");
  }

  @Test
  void reduceAFoldThatReturnsNullRejectsThatInputAndKeepsTheState() {
    Aggregation<Integer, ?, Integer> broken = Aggregations.reduce(() -> 0, (acc, i) -> i == 2 ? null : acc + i);
    assertThatThrownBy(() -> batches(broken, List.of(1, 2)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Aggregations.reduce: fold returned null for 2");
  }

  @Test
  void reduceAnInitialSupplierThatReturnsNullIsRejected() {
    Aggregation<Integer, ?, Integer> broken = Aggregations.reduce(() -> null, Integer::sum);
    assertThatThrownBy(broken::initial)
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Aggregations.reduce: the initial supplier returned null");
  }

  // ---- groupBy ----

  private static final List<Flight> FLIGHTS = List.of(f("AA", 10), f("BB", 5), f("AA", 20), f("CC", 0), f("BB", 15));

  private static Aggregation<Flight, ?, CarrierStats> perCarrier() {
    return Aggregations.groupBy(Flight::carrier, CarrierStats::empty, CarrierStats::add);
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
    assertThat(batches(perCarrier(), FLIGHTS))
        .containsExactly(List.of(stats("AA", 2, 30), stats("BB", 2, 20), stats("CC", 1, 0)));
  }

  @Test
  void groupByNoInputEmitsNothing() throws Exception {
    assertThat(batches(perCarrier(), List.of())).containsExactly(List.of());
  }

  @Test
  void groupByEveryNThenResetEmitsEachWindowsGroupsInThatWindowsFirstSeenOrder() throws Exception {
    assertThat(batches(perCarrier().emitting(EmitPolicy.everyN(2).thenReset()), FLIGHTS)).containsExactly(
        List.of(stats("AA", 1, 10), stats("BB", 1, 5)),
        List.of(stats("AA", 1, 20), stats("CC", 1, 0)),
        List.of(stats("BB", 1, 15)));
  }

  @Test
  void groupByAFinalEmitRightAfterAResetEmitsNothing() throws Exception {
    assertThat(batches(perCarrier().emitting(EmitPolicy.everyN(2).thenReset()), FLIGHTS.subList(0, 4)))
        .containsExactly(
            List.of(stats("AA", 1, 10), stats("BB", 1, 5)),
            List.of(stats("AA", 1, 20), stats("CC", 1, 0)),
            List.of());
  }

  @Test
  void groupByEveryNThenKeepEmitsRunningValuesForEveryKeySeenSoFar() throws Exception {
    assertThat(batches(perCarrier().emitting(EmitPolicy.everyN(2).thenKeep()), FLIGHTS)).containsExactly(
        List.of(stats("AA", 1, 10), stats("BB", 1, 5)),
        List.of(stats("AA", 2, 30), stats("BB", 1, 5), stats("CC", 1, 0)),
        List.of(stats("AA", 2, 30), stats("BB", 2, 20), stats("CC", 1, 0)));
  }

  @Test
  void groupByAlwaysThenResetEmitsOneValuePerInputAndNothingAtTheEnd() throws Exception {
    assertThat(batches(perCarrier().emitting(EmitPolicy.always().thenReset()), FLIGHTS.subList(0, 3))).containsExactly(
        List.of(stats("AA", 1, 10)), List.of(stats("BB", 1, 5)), List.of(stats("AA", 1, 20)), List.of());
  }

  @Test
  void groupByAlwaysThenKeepEmitsTheWholeRunningStateAfterEachInput() throws Exception {
    assertThat(batches(perCarrier().emitting(EmitPolicy.always().thenKeep()), FLIGHTS.subList(0, 3))).containsExactly(
        List.of(stats("AA", 1, 10)),
        List.of(stats("AA", 1, 10), stats("BB", 1, 5)),
        List.of(stats("AA", 2, 30), stats("BB", 1, 5)),
        List.of(stats("AA", 2, 30), stats("BB", 1, 5)));
  }

  @Test
  void groupByWorksWithAMutableValueThatAddReturnsItself() throws Exception {
    Aggregation<Flight, ?, List<Integer>> delays = Aggregations.groupBy(Flight::carrier, ArrayList::new,
        (List<Integer> list, Flight fl) -> {
          list.add(fl.delay());
          return list;
        });
    assertThat(emitted(delays, FLIGHTS)).containsExactly(List.of(10, 20), List.of(5, 15), List.of(0));
  }

  @Test
  void groupByANullKeyRejectsThatInputAndLeavesTheStateUnchanged() throws Exception {
    Aggregation<Flight, ?, CarrierStats> agg = perCarrier();
    assertThat(emitted(agg, List.of())).isEmpty();
    assertNullKeyLeavesState(agg, f("AA", 1), f(null, 2), "Aggregations.groupBy: the key function returned null for Flight[carrier=null, delay=2]",
        List.of(stats("AA", 1, 1)));
  }

  @Test
  void groupByAnInitOrAddThatReturnsNullIsRejected() {
    Aggregation<Flight, ?, CarrierStats> noInit = Aggregations.groupBy(Flight::carrier, () -> null, CarrierStats::add);
    assertThatThrownBy(() -> batches(noInit, List.of(f("AA", 1))))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Aggregations.groupBy: the init supplier returned null");
    Aggregation<Flight, ?, CarrierStats> noAdd = Aggregations.groupBy(Flight::carrier, CarrierStats::empty, (v, fl) -> null);
    assertThatThrownBy(() -> batches(noAdd, List.of(f("AA", 1))))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Aggregations.groupBy: add returned null for key AA and input Flight[carrier=AA, delay=1]");
  }

  /** Accumulates {@code good}, then {@code bad} (which must fail with {@code message}), then emits. */
  private static <I, S, O> void assertNullKeyLeavesState(Stateful<I, S, O> agg, I good, I bad, String message,
      List<O> expected) throws Exception {
    S state = agg.accumulate(agg.initial(), good);
    S before = state;
    assertThatThrownBy(() -> agg.accumulate(before, bad)).isInstanceOf(NullPointerException.class).hasMessage(message);
    assertThat(emitOnce(agg, state)).isEqualTo(expected);
  }

  // ---- topN ----

  private static Aggregation<Player, ?, List<Player>> topPlayers(int n) {
    return Aggregations.topN(n, Player::name, Player::score);
  }

  private static final List<Player> PLAYS = List.of(p("a", 5), p("b", 7), p("c", 5), p("a", 9), p("d", 7), p("b", 1));

  @Test
  void topNOnEndEmitsOneListOfTheHighestLatestItems() throws Exception {
    // latest per key: a=9, b=1, c=5, d=7
    assertThat(batches(topPlayers(3), PLAYS)).containsExactly(List.of(List.of(p("a", 9), p("d", 7), p("c", 5))));
  }

  @Test
  void topNALaterItemReplacesItsKeysEarlierOneEvenWhenItScoresLower() throws Exception {
    assertThat(emitted(topPlayers(2), List.of(p("a", 10), p("b", 3), p("a", 1))))
        .containsExactly(List.of(p("b", 3), p("a", 1)));
  }

  @Test
  void topNTiesGoInFirstSeenKeyOrder() throws Exception {
    assertThat(emitted(topPlayers(3), List.of(p("x", 3), p("y", 3), p("z", 3), p("w", 4))))
        .containsExactly(List.of(p("w", 4), p("x", 3), p("y", 3)));
  }

  @Test
  void topNAReplacedKeyKeepsItsFirstSeenPlaceForTies() throws Exception {
    assertThat(emitted(topPlayers(2), List.of(p("p", 1), p("q", 2), p("r", 2), p("p", 2))))
        .containsExactly(List.of(p("p", 2), p("q", 2)));
  }

  @Test
  void topNNegativeZeroTiesWithZero() throws Exception {
    assertThat(emitted(topPlayers(2), List.of(p("a", -0.0), p("b", 0.0))))
        .containsExactly(List.of(p("a", -0.0), p("b", 0.0)));
  }

  @Test
  void topNFewerKeysThanNEmitsThemAll() throws Exception {
    assertThat(emitted(topPlayers(5), List.of(p("a", 1), p("b", 2))))
        .containsExactly(List.of(p("b", 2), p("a", 1)));
  }

  @Test
  void topNNoInputEmitsOneEmptyList() throws Exception {
    assertThat(batches(topPlayers(3), List.of())).containsExactly(List.of(List.of()));
  }

  @Test
  void topNEveryNThenResetRanksEachWindowAndEmitsAnEmptyListAfterAFinalReset() throws Exception {
    assertThat(batches(topPlayers(2).emitting(EmitPolicy.everyN(2).thenReset()), PLAYS)).containsExactly(
        List.of(List.of(p("b", 7), p("a", 5))),
        List.of(List.of(p("a", 9), p("c", 5))),
        List.of(List.of(p("d", 7), p("b", 1))),
        List.of(List.of()));
  }

  @Test
  void topNEveryNThenKeepRanksEverythingSeenSoFar() throws Exception {
    assertThat(emitted(topPlayers(3).emitting(EmitPolicy.everyN(2).thenKeep()), PLAYS)).containsExactly(
        List.of(p("b", 7), p("a", 5)),
        List.of(p("a", 9), p("b", 7), p("c", 5)),
        List.of(p("a", 9), p("d", 7), p("c", 5)),
        List.of(p("a", 9), p("d", 7), p("c", 5)));
  }

  @Test
  void topNAlwaysThenKeepEmitsTheRankingAfterEveryInput() throws Exception {
    assertThat(emitted(topPlayers(2).emitting(EmitPolicy.always().thenKeep()), List.of(p("a", 5), p("b", 7), p("a", 9))))
        .containsExactly(
            List.of(p("a", 5)),
            List.of(p("b", 7), p("a", 5)),
            List.of(p("a", 9), p("b", 7)),
            List.of(p("a", 9), p("b", 7)));
  }

  @Test
  void topNEmittedListsAreUnmodifiableSnapshots() throws Exception {
    Aggregation<Player, ?, List<Player>> agg = topPlayers(2);
    assertSnapshot(agg, p("a", 1), p("b", 2));
  }

  @Test
  void topNANaNScoreRejectsThatInput() {
    assertThatThrownBy(() -> batches(topPlayers(2), List.of(p("a", Double.NaN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Aggregations.topN: the score function returned NaN for Player[name=a, score=NaN]");
  }

  @Test
  void topNANullKeyRejectsThatInputAndLeavesTheStateUnchanged() throws Exception {
    assertNullKeyLeavesState(topPlayers(2), p("a", 1), p(null, 2),
        "Aggregations.topN: the key function returned null for Player[name=null, score=2.0]", List.of(List.of(p("a", 1))));
  }

  @Test
  void topNAndTopNByMatchAStableSortOnRandomInputsWithManyTies() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
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
      assertThat(emitted(topPlayers(n), inputs)).containsExactly(byScore.subList(0, Math.min(n, byScore.size())));
      assertThat(emitted(Aggregations.topNBy(n, Player::name, Player::score), inputs))
          .containsExactly(bySum.subList(0, Math.min(n, bySum.size())));
    }
  }

  /** The first emitted list does not change when more input arrives, and cannot be changed. */
  private static <I, S, T> void assertSnapshot(Stateful<I, S, List<T>> agg, I first, I second) throws Exception {
    S state = agg.accumulate(agg.initial(), first);
    List<T> before = emitOnce(agg, state).get(0);
    List<T> copy = List.copyOf(before);
    state = agg.accumulate(state, second);
    assertThat(before).isEqualTo(copy);
    assertThat(emitOnce(agg, state).get(0)).isNotEqualTo(copy);
    assertThatThrownBy(() -> before.add(null)).isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- topNBy ----

  private static final List<Score> SCORES =
      List.of(s("ann", 10), s("bob", 20), s("cat", 5), s("ann", 15), s("dan", 25), s("cat", 20));

  private static Aggregation<Score, ?, List<Ranked<String>>> leaders(int n) {
    return Aggregations.topNBy(n, Score::player, Score::points);
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
    assertThat(batches(leaders(3), SCORES)).containsExactly(List.of(List.of(r("ann", 25), r("cat", 25), r("dan", 25))));
    assertThat(emitted(leaders(4), SCORES))
        .containsExactly(List.of(r("ann", 25), r("cat", 25), r("dan", 25), r("bob", 20)));
  }

  @Test
  void topNBySumsFractionalAndNegativeScores() throws Exception {
    Aggregation<Player, ?, List<Ranked<String>>> agg = Aggregations.topNBy(2, Player::name, Player::score);
    assertThat(emitted(agg, List.of(p("x", 1.5), p("y", 2.0), p("x", 1.25), p("y", -1.0), p("z", -0.5))))
        .containsExactly(List.of(r("x", 2.75), r("y", 1.0)));
  }

  @Test
  void topNByEveryNThenKeepRanksRunningSums() throws Exception {
    assertThat(emitted(leaders(2).emitting(EmitPolicy.everyN(3).thenKeep()), SCORES)).containsExactly(
        List.of(r("bob", 20), r("ann", 10)),
        List.of(r("ann", 25), r("cat", 25)),
        List.of(r("ann", 25), r("cat", 25)));
  }

  @Test
  void topNByEveryNThenResetRanksEachWindowAndEmitsAnEmptyListAfterAFinalReset() throws Exception {
    assertThat(emitted(leaders(2).emitting(EmitPolicy.everyN(3).thenReset()), SCORES)).containsExactly(
        List.of(r("bob", 20), r("ann", 10)),
        List.of(r("dan", 25), r("cat", 20)),
        List.of());
  }

  @Test
  void topNByEveryNThenResetEmitsThePartialLastWindowAtEnd() throws Exception {
    assertThat(emitted(leaders(2).emitting(EmitPolicy.everyN(4).thenReset()), SCORES)).containsExactly(
        List.of(r("ann", 25), r("bob", 20)),
        List.of(r("dan", 25), r("cat", 20)));
  }

  @Test
  void topNByAlwaysThenResetRanksEachInputAlone() throws Exception {
    assertThat(emitted(leaders(2).emitting(EmitPolicy.always().thenReset()), SCORES.subList(0, 2)))
        .containsExactly(List.of(r("ann", 10)), List.of(r("bob", 20)), List.of());
  }

  @Test
  void topNByEmittedListsAreUnmodifiableSnapshots() throws Exception {
    assertSnapshot(leaders(2), s("ann", 1), s("ann", 2));
  }

  @Test
  void topNByANaNScoreRejectsThatInput() {
    Aggregation<Player, ?, List<Ranked<String>>> agg = Aggregations.topNBy(2, Player::name, Player::score);
    assertThatThrownBy(() -> batches(agg, List.of(p("a", Double.NaN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Aggregations.topNBy: the score function returned NaN for Player[name=a, score=NaN]");
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

  @Test
  void conflateOnEndEmitsTheLatestItemPerKeyInFirstSeenKeyOrder() throws Exception {
    assertThat(batches(latest(), QUOTES)).containsExactly(List.of(q("A", 2), q("B", 2), q("C", 1)));
  }

  @Test
  void conflateEveryNThenResetEmitsEachWindowsLatest() throws Exception {
    assertThat(batches(latest().emitting(EmitPolicy.everyN(2).thenReset()), QUOTES))
        .containsExactly(List.of(q("A", 1), q("B", 1)), List.of(q("A", 2), q("C", 1)), List.of(q("B", 2)));
  }

  @Test
  void conflateAFinalEmitRightAfterAResetEmitsNothing() throws Exception {
    assertThat(batches(latest().emitting(EmitPolicy.everyN(2).thenReset()), QUOTES.subList(0, 4)))
        .containsExactly(List.of(q("A", 1), q("B", 1)), List.of(q("A", 2), q("C", 1)), List.of());
  }

  @Test
  void conflateEveryNThenKeepEmitsTheLatestOfEveryKeySeenSoFar() throws Exception {
    assertThat(batches(latest().emitting(EmitPolicy.everyN(2).thenKeep()), QUOTES)).containsExactly(
        List.of(q("A", 1), q("B", 1)),
        List.of(q("A", 2), q("B", 1), q("C", 1)),
        List.of(q("A", 2), q("B", 2), q("C", 1)));
  }

  @Test
  void conflateAlwaysThenResetPassesEachInputThrough() throws Exception {
    assertThat(emitted(latest().emitting(EmitPolicy.always().thenReset()), QUOTES)).isEqualTo(QUOTES);
  }

  @Test
  void conflateAlwaysThenKeepEmitsTheWholeLatestViewAfterEachInput() throws Exception {
    assertThat(batches(latest().emitting(EmitPolicy.always().thenKeep()), QUOTES.subList(0, 3))).containsExactly(
        List.of(q("A", 1)),
        List.of(q("A", 1), q("B", 1)),
        List.of(q("A", 2), q("B", 1)),
        List.of(q("A", 2), q("B", 1)));
  }

  @Test
  void conflateNoInputEmitsNothing() throws Exception {
    assertThat(batches(latest(), List.of())).containsExactly(List.of());
  }

  @Test
  void conflateANullKeyRejectsThatInputAndLeavesTheStateUnchanged() throws Exception {
    assertNullKeyLeavesState(latest(), q("A", 1), q(null, 2),
        "Aggregations.conflate: the key function returned null for Quote[symbol=null, price=2]", List.of(q("A", 1)));
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
    assertThat(batches(agg, SCORES)).isEqualTo(batches(agg, SCORES));
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
