package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.RecordKind;
import dev.weir.api.Ranked;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.samples.catalog.CategorySales;
import dev.weir.samples.catalog.ProductCatalogFlow;
import dev.weir.samples.flights.CarrierStats;
import dev.weir.samples.flights.FlightDelaysFlow;
import dev.weir.samples.leaderboard.LeaderboardFlow;
import dev.weir.samples.patterns.TopologyPatternsFlow;
import dev.weir.samples.patterns.Walk;
import dev.weir.test.FlowTestKit;
import dev.weir.test.FlowTestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples of every stage kind give exactly what the data says, computed here without Weir. */
class MoreSamplesTest {

  @TempDir
  Path tmp;

  private static List<String[]> csv(String file) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("data", file));
    return lines.subList(1, lines.size()).stream().map(l -> l.replace("\"", "").split(",")).toList();
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> payloads(FlowHandle h, String stage, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (JournalRecord r : h.journals().data(stage).readAll()) {
      if (type.isInstance(r.payload())) {
        out.add((T) r.payload());
      }
    }
    return out;
  }

  @Test
  void flightDelays_statsPerCarrier() throws Exception {
    Map<String, String> names = new HashMap<>();
    for (String[] c : csv("carriers.csv")) {
      names.put(c[0], c[1]);
    }
    Map<String, long[]> want = new LinkedHashMap<>();
    int invalid = 0;
    for (String[] f : csv("flights.csv")) {
      int delay = Integer.parseInt(f[5]);
      if (delay < -60) {
        invalid++;
        continue;
      }
      String name = names.get(f[2]);
      if (name == null) {
        continue; // the inner join drops carriers it does not know
      }
      long[] s = want.computeIfAbsent(name, k -> new long[3]);
      s[0]++;
      s[1] += Math.max(0, delay);
      s[2] = Math.max(s[2], delay);
    }
    FlowTestRun run = FlowTestKit.run(FlightDelaysFlow.definition()).complete();

    run.assertCompleted();
    assertThat(invalid).isEqualTo(18);
    run.assertStage("validate").hasErrors(invalid);
    assertThat(run.result().stage("validate").errors()).isEqualTo(invalid);
    List<CarrierStats> stats = run.outputs("perCarrier", CarrierStats.class);
    assertThat(stats).hasSize(want.size());
    for (CarrierStats s : stats) {
      long[] w = want.get(s.carrier());
      assertThat(new long[] {s.flights(), s.totalDelayMinutes(), s.maxDelayMinutes()}).as(s.carrier()).containsExactly(w);
      assertThat(s.byCategory().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.flights());
    }
    run.assertStage("report").hasReceived(want.size());
  }

  @Test
  void productCatalog_chainedJoinsAndStrictPayments_sumPerCategory() throws Exception {
    Map<String, String[]> products = new HashMap<>();
    for (String[] p : csv("products.csv")) {
      products.put(p[0], p);
    }
    Map<String, String> categories = new HashMap<>();
    for (String[] c : csv("categories.csv")) {
      categories.put(c[0], c[1]);
    }
    Map<String, String> status = new HashMap<>();
    for (String[] p : csv("payments.csv")) {
      status.put(p[0], p[2]);
    }
    Map<String, long[]> want = new HashMap<>();
    for (String[] l : csv("line-items.csv")) {
      String[] p = products.get(l[2]);
      String category = categories.getOrDefault(p[2], "uncategorized");
      long amount = Long.parseLong(p[3]) * Integer.parseInt(l[3]);
      long[] s = want.computeIfAbsent(category, k -> new long[4]);
      s[0]++;
      s[1] += Integer.parseInt(l[3]);
      s[status.get(l[4]).equals("settled") ? 2 : 3] += amount;
    }
    FlowTestRun run = FlowTestKit.run(ProductCatalogFlow.definition()).complete();

    run.assertCompleted();
    List<CategorySales> sales = run.outputs("summary", CategorySales.class);
    assertThat(sales).hasSize(want.size());
    for (CategorySales s : sales) {
      assertThat(new long[] {s.lines(), s.units(), s.settledCents(), s.refundedCents()}).as(s.category())
          .containsExactly(want.get(s.category()));
    }
    assertThat(run.<Object>outputs("paid")).isNotEmpty();
    assertThat(run.records("paid").get(0).joined().stage()).isEqualTo("payments");
  }

  @Test
  void productCatalog_missingPayment_failsTheFlowNamingIt() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    for (String f : List.of("products.csv", "categories.csv", "line-items.csv")) {
      Files.copy(Path.of("data", f), data.resolve(f));
    }
    List<String> payments = Files.readAllLines(Path.of("data", "payments.csv"));
    Files.write(data.resolve("payments.csv"), payments.stream().filter(l -> !l.startsWith("PAY-00007,")).toList());
    String before = System.getProperty(SampleData.PROPERTY);
    System.setProperty(SampleData.PROPERTY, data.toString());
    try {
      FlowHandle h = ProductCatalogFlow.builder().start();
      FlowResult r = h.await();
      assertThat(r.state()).isEqualTo(FlowState.FAILED);
      assertThat(r.failure().orElseThrow().getMessage()).startsWith("strict join 'paid': no reference for key PAY-00007");
      assertThat(h.journals().errors("paid").readAll(RecordKind.ERROR)).hasSize(1);
    } finally {
      if (before == null) {
        System.clearProperty(SampleData.PROPERTY);
      } else {
        System.setProperty(SampleData.PROPERTY, before);
      }
    }
  }

  @Test
  void leaderboard_runningTop10_everyFiveThousandMatches() throws Exception {
    Map<String, Long> totals = new HashMap<>();
    List<List<String>> snapshots = new ArrayList<>();
    int match = 0;
    for (String[] s : csv("scores.csv")) {
      totals.merge(s[1], Long.parseLong(s[2]), Long::sum);
      if (++match % 5000 == 0) {
        snapshots.add(top10(totals));
      }
    }
    snapshots.add(top10(totals)); // the end of input always emits
    FlowTestRun run = FlowTestKit.run(LeaderboardFlow.definition()).complete();

    run.assertCompleted();
    @SuppressWarnings("rawtypes")
    List<List> boards = run.outputs("leaders", List.class);
    assertThat(boards).hasSize(5);
    for (int i = 0; i < boards.size(); i++) {
      @SuppressWarnings("unchecked")
      List<Ranked<String>> board = boards.get(i);
      assertThat(board.stream().map(Ranked::key).toList()).as("standings #" + (i + 1)).isEqualTo(snapshots.get(i));
    }
  }

  private static List<String> top10(Map<String, Long> totals) {
    return totals.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(10).map(Map.Entry::getKey).collect(Collectors.toList());
  }

  @Test
  void topologyPatterns_everyWalkSettles_withItsCollatzStepCount() throws Exception {
    FlowHandle h = TopologyPatternsFlow.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    List<Walk> done = payloads(h, "combine", Walk.class);
    assertThat(done).hasSize(1000);
    long totalSteps = 0;
    for (Walk w : done) {
      long n = w.start();
      int steps = 0;
      while (n != 1) {
        n = n % 2 == 0 ? n / 2 : 3 * n + 1;
        steps++;
      }
      assertThat(w.steps()).as("walk from %d", w.start()).isEqualTo(steps);
      totalSteps += steps;
    }
    assertThat(done.stream().map(Walk::start).sorted().toList()).isEqualTo(
        java.util.stream.LongStream.rangeClosed(2, 1001).boxed().toList());
    assertThat(r.stage("step").received()).isEqualTo(totalSteps);
    assertThat(r.stage("enter").errors()).isZero();
    assertThat(done.stream().max(Comparator.comparingInt(Walk::steps)).orElseThrow().start()).isEqualTo(871);
    assertThat(r.stage("longest").received()).isEqualTo(1000);
    assertThat(r.stage("tally").received()).isEqualTo(1000);
  }
}
