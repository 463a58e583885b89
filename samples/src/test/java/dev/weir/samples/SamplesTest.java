package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.samples.orders.Order;
import dev.weir.samples.orders.OrdersFlow;
import dev.weir.samples.orders.PricedOrder;
import dev.weir.samples.orders.RegionTotal;
import dev.weir.samples.wordcount.WordCountFlow;
import dev.weir.samples.wordcount.WordFrequency;
import dev.weir.test.FlowTestKit;
import dev.weir.test.FlowTestRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every sample runs, gives results computed independently here, and replays with 0 differences. */
class SamplesTest {

  @TempDir
  Path dir;

  @Test
  void wordCount_countsEveryWordOfTheText() throws Exception {
    Map<String, Long> expected = new HashMap<>();
    Matcher m = Pattern.compile("[a-z]+(?:'[a-z]+)?")
        .matcher(Files.readString(Path.of("data", "words.txt")).toLowerCase(Locale.ROOT));
    while (m.find()) {
      expected.merge(m.group(), 1L, Long::sum);
    }
    FlowTestRun run = FlowTestKit.run(WordCountFlow.definition()).complete();

    run.assertCompletedWithoutErrors();
    List<WordFrequency> counted = run.outputs("counts", WordFrequency.class);
    assertThat(counted).hasSize(expected.size());
    for (WordFrequency f : counted) {
      assertThat(f.count()).as(f.word()).isEqualTo(expected.get(f.word()));
    }
    assertThat(counted).isSortedAccordingTo(
        Comparator.comparingLong(WordFrequency::count).reversed().thenComparing(WordFrequency::word));
    assertThat(counted.get(0)).isEqualTo(new WordFrequency("the", expected.get("the")));
    run.assertStage("words").hasEmittedCount(expected.values().stream().mapToLong(Long::longValue).sum());
    run.assertStage("top").hasReceived(expected.size());
  }

  @Test
  void orders_fanOutAndFanIn_totalsPerRegionAreExact() throws Exception {
    Map<String, long[]> expected = new TreeMap<>();
    long invalid = 0;
    Map<String, Long> rates = Map.of("EUR", 1_080_000L, "GBP", 1_270_000L, "JPY", 6_700L);
    List<String> lines = Files.readAllLines(Path.of("data", "orders.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int quantity = Integer.parseInt(f[4]);
      String currency = f[3];
      if (quantity <= 0 || !(currency.equals("USD") || rates.containsKey(currency))) {
        invalid++;
        continue;
      }
      long total = Long.parseLong(f[5]) * quantity;
      long[] t = expected.computeIfAbsent(f[2], k -> new long[3]);
      t[0]++;
      if (currency.equals("USD")) {
        t[1] += total;
      } else {
        t[2] += total * rates.get(currency) / 1_000_000L;
      }
    }
    FlowTestRun run = FlowTestKit.run(OrdersFlow.definition()).complete();

    run.assertCompleted();
    List<RegionTotal> want = new ArrayList<>();
    expected.forEach((region, t) -> want.add(new RegionTotal(region, t[0], t[1], t[2])));
    run.assertStage("ledger").hasEmitted(want).hasReceived(lines.size() - 1 - invalid);
    assertThat(invalid).isEqualTo(44);
    run.assertStage("validate").hasErrors(invalid).hasOnlyErrorsOfKind(ErrorKind.VALIDATION);
    assertThat(run.result().stage("validate").errors()).isEqualTo(invalid);
  }

  /** The example: the orders flow on a list of orders, its summary collected instead of printed. */
  @Test
  void orders_onAListOfOrders_validatesPricesAndTotals() {
    Order usd = new Order(1, "ada", "north", "USD", 2, 1_000);
    Order none = new Order(2, "bob", "north", "USD", 0, 1_000);
    Order eur = new Order(3, "cy", "south", "EUR", 1, 500);
    Order unknown = new Order(4, "di", "south", "XXX", 1, 500);
    List<RegionTotal> summary = new CopyOnWriteArrayList<>();

    FlowTestRun run = FlowTestKit.run(OrdersFlow.definition())
        .withSource("orders", List.of(usd, none, eur, unknown))
        .replacing("summary", Sinks.collect(summary))
        .complete();

    run.assertCompleted();
    run.assertStage("validate")
        .hasEmitted(new PricedOrder(usd, 2_000), new PricedOrder(eur, 500))
        .hasErrors(2)
        .hasErrorFor(none, ErrorKind.VALIDATION, "order 2: quantity must be positive, got 0")
        .hasErrorFor(unknown, ErrorKind.VALIDATION, "order 4: unknown currency XXX");
    long eurInUsdCents = 500L * 1_080_000L / 1_000_000L; // the sample's rate: 1 EUR = 1.08 USD
    assertThat(summary).containsExactly(new RegionTotal("north", 1, 2_000, 0), new RegionTotal("south", 1, 0, eurInUsdCents));
    assertThatThrownBy(() -> FlowTestKit.run(OrdersFlow.definition()).withSource("orders", List.of("1,ada,north")))
        .hasMessageContaining("stage 'orders' of flow 'orders' emits dev.weir.samples.orders.Order, but item 0 of the"
            + " list given to withSource is a java.lang.String");
  }

  /**
   * The exit code of each sample's run and of its replay: 0 for a clean run, 3 for one that completed
   * with errors, as orders (44 invalid orders), flight-delays (18 implausible delays) and payment-gateway
   * (7 invalid payments) do by design.
   */
  static int expectedExitCode(String sample) {
    return sample.equals("orders") || sample.equals("flight-delays") || sample.equals("payment-gateway")
        || sample.equals("typed-io") ? 3 : 0; // typed-io: 12 fault readings its sink refuses
  }

  @ParameterizedTest
  @ValueSource(strings = {"word-count", "orders", "flight-delays", "product-catalog", "leaderboard", "topology-patterns",
      "payment-gateway", "middleware-defaults"})
  void everySample_replaysWithZeroDifferences(String sample) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), sample, "--journal-dir", dir.toString(),
        "--durability", "none");
    assertThat(code).as(out + "\n" + err).isEqualTo(expectedExitCode(sample));
    assertThat(out.toString()).contains("COMPLETED");
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(out.toString());
    assertThat(m.find()).isTrue();

    StringWriter again = new StringWriter();
    int replay = Samples.execute(new PrintWriter(again), new PrintWriter(err), sample, "--journal-dir", dir.toString(),
        "--replay-from", m.group(1), "--verify");

    assertThat(replay).as(again + "\n" + err).isEqualTo(expectedExitCode(sample));
    assertThat(again.toString()).contains("replay matched the original run: 0 differences");
  }

  @Test
  void orders_completesWithItsInvalidOrders_exit3_andSaysWhereTheyAre() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), "orders", "--journal-dir", dir.toString(),
        "--durability", "none");

    assertThat(code).as(out + "\n" + err).isEqualTo(3);
    assertThat(out.toString()).containsPattern("(?m)^validate\\s+transform\\s+2000\\s+1956\\s+44 !$")
        .containsPattern("completed with 44 errors, in stage validate \\(44\\); read the dead letters with:\n"
            + "  java -jar samples/target/weir-samples.jar orders journal cat \\S+ validate --errors\n");
  }

  @Test
  void orders_withABudgetBelowItsInvalidOrders_fails_exit1() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), "orders", "--memory", "--max-errors", "10");

    assertThat(code).as(out + "\n" + err).isEqualTo(1);
    assertThat(out.toString()).contains("failure: stage 'validate' exceeded its error budget: 11 errors, budget 10;"
        + " first: VALIDATION on orders#97: order 97: quantity must be positive, got 0");
  }

  @Test
  void orders_readsItsMinimumQuantityAndFileFromSettings() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("data", "orders.csv"));
    long belowThree = lines.subList(1, lines.size()).stream().map(l -> l.split(","))
        .filter(f -> Integer.parseInt(f[4]) < 3 || !List.of("USD", "EUR", "GBP", "JPY").contains(f[3])).count();
    Path small = dir.resolve("small orders.csv");
    Files.write(small, List.of(lines.get(0), lines.get(1), lines.get(2)));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), "orders", "--journal-dir", dir.toString(),
        "--durability", "none", "--set", "orders.min-quantity=3");
    assertThat(code).as(out + "\n" + err).isEqualTo(3); // completed, with the orders below 3 dead-lettered
    assertThat(belowThree).isGreaterThan(44);
    assertThat(out.toString()).containsPattern("validate\\s+transform\\s+" + (lines.size() - 1) + "\\s+"
        + (lines.size() - 1 - belowThree) + "\\s+" + belowThree)
        .contains("--set orders.min-quantity=3 --journal-dir");

    StringWriter fromFile = new StringWriter();
    code = Samples.execute(new PrintWriter(fromFile), new PrintWriter(err), "orders", "--memory",
        "--set", "orders.file=" + small);
    assertThat(code).as(fromFile + "\n" + err).isZero();
    assertThat(fromFile.toString()).containsPattern("orders\\s+source\\s+0\\s+2\\s+0");
  }

  @Test
  void ordersHelp_showsTheSettingOptions_andTheSettingsOfTheSample() {
    StringWriter out = new StringWriter();
    assertThat(Samples.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "orders", "--help"))
        .isZero();
    assertThat(out.toString()).contains("--set=KEY=VALUE").contains("--config=FILE")
        .contains("Settings of orders (--set KEY=VALUE, --config FILE or WEIR_SET_<KEY>):")
        .containsPattern("orders.min-quantity=N\\s+the smallest valid quantity")
        .containsPattern("orders.file=PATH\\s+the CSV file of orders");
  }

  @Test
  void unknownSample_printsUsage() {
    StringWriter err = new StringWriter();
    assertThat(Samples.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "nope")).isEqualTo(2);
    assertThat(err.toString()).contains("samples: word-count, orders, flight-delays, product-catalog, leaderboard,"
        + " topology-patterns, payment-gateway, middleware-defaults");
  }
}
