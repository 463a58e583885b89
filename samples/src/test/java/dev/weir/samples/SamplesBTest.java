package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.Source;
import dev.weir.api.UrlDataSource;
import dev.weir.flow.DeadLetter;
import dev.weir.samples.jdbcorders.JdbcOrdersFlow;
import dev.weir.samples.orders.Order;
import dev.weir.samples.statefulcounter.Counts;
import dev.weir.samples.statefulcounter.StatefulCounterFlow;
import dev.weir.samples.topproducts.ProductSales;
import dev.weir.samples.topproducts.TopProduct;
import dev.weir.samples.topproducts.TopProductsFlow;
import dev.weir.samples.typedio.SensorReading;
import dev.weir.samples.typedio.TypedIoFlow;
import dev.weir.test.FlowTestKit;
import dev.weir.test.FlowTestRun;
import dev.weir.test.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The samples top-products, stateful-counter, typed-io and jdbc-orders give exactly what their data
 * says, computed here without Weir.
 */
class SamplesBTest {

  @TempDir
  Path tmp;

  private static List<String[]> csv(String file) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("data", file));
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
  }

  /** What a sample printed: {@code printed} is what its sinks wrote on {@code System.out}. */
  private record Run(int code, String out, String err, String printed) {}

  private static Run execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Samples.execute(new PrintWriter(out), new PrintWriter(err), args);
    } finally {
      System.setOut(stdout);
    }
    return new Run(code, out.toString(), err.toString(), printed.toString(StandardCharsets.UTF_8));
  }

  // ---- top-products

  /** The top {@code n} rows, from the CSV: by revenue, highest first; equal revenue: the product bought first. */
  private static List<TopProduct> expectedTop(int n) throws IOException {
    Map<String, long[]> bySku = new LinkedHashMap<>(); // first-seen order: purchases, units, revenue
    Map<String, String[]> names = new LinkedHashMap<>();
    for (String[] p : csv("purchases.csv")) {
      long[] s = bySku.computeIfAbsent(p[1], k -> new long[3]);
      s[0]++;
      s[1] += Integer.parseInt(p[4]);
      s[2] += Integer.parseInt(p[4]) * Long.parseLong(p[5]);
      names.putIfAbsent(p[1], new String[] {p[2], p[3]});
    }
    List<String> firstSeen = new ArrayList<>(bySku.keySet());
    List<String> ranked = firstSeen.stream()
        .sorted(Comparator.<String>comparingLong(sku -> -bySku.get(sku)[2]).thenComparingInt(firstSeen::indexOf))
        .limit(n).toList();
    List<TopProduct> rows = new ArrayList<>();
    for (String sku : ranked) {
      long[] s = bySku.get(sku);
      rows.add(TopProduct.of(rows.size() + 1, new ProductSales(sku, names.get(sku)[0], names.get(sku)[1], s[0], s[1],
          s[2])));
    }
    return rows;
  }

  @Test
  void topProducts_theFiveBestSellersByRevenue_aTieGoesToTheProductBoughtFirst() throws Exception {
    List<TopProduct> want = expectedTop(5);
    FlowTestRun run = FlowTestKit.run(TopProductsFlow.definition()).complete();

    run.assertCompletedWithoutErrors();
    run.assertStage("purchases").hasEmittedCount(835);
    run.assertStage("sales").hasEmittedCount(16);
    run.assertStage("ranks").hasEmitted(want);
    assertThat(want.stream().map(TopProduct::sku).toList())
        .containsExactly("LAP-100", "PHN-200", "CHR-410", "MON-310", "SFA-450");
    assertThat(want.get(4).revenue()).isEqualTo("34,143.00");
    assertThat(want.get(0)).isEqualTo(new TopProduct(1, "LAP-100", "Gaming laptop", "electronics", 14, 41, 5_329_959,
        "53,299.59"));
    // DSK-400 sold exactly as much as SFA-450; SFA-450 was bought first (purchase 1), so it takes place 5
    ProductSales desk = run.outputs("sales", ProductSales.class).stream().filter(s -> s.sku().equals("DSK-400"))
        .findFirst().orElseThrow();
    assertThat(desk.revenueCents()).isEqualTo(want.get(4).revenueCents());
    assertThat(desk.units()).isGreaterThan(want.get(4).units());
    assertThat("DSK-400").isLessThan("SFA-450"); // so neither the name nor the units break the tie: the order does
  }

  @Test
  void topProducts_withTheSettingForSix_listsBothTiedProducts_inFirstBoughtOrder() throws Exception {
    List<TopProduct> want = expectedTop(6);
    FlowTestRun run = FlowTestKit.run(TopProductsFlow.definition()).setting("top-products.n", "6").complete();

    run.assertCompletedWithoutErrors();
    run.assertStage("ranks").hasEmitted(want);
    assertThat(want.subList(4, 6).stream().map(TopProduct::sku).toList()).containsExactly("SFA-450", "DSK-400");

    Run bad = execute("top-products", "--memory", "--set", "top-products.n=0");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).contains("setting 'top-products.n' = 0: the table shows at least 1 product");
  }

  @Test
  void topProducts_printsTheTable() {
    Run r = execute("top-products", "--memory");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.printed()).startsWith(
        "rank  sku      name           category     purchases  units  revenueCents  revenue\n"
            + "----  -------  -------------  -----------  ---------  -----  ------------  ---------\n"
            + "   1  LAP-100  Gaming laptop  electronics         14     41       5329959  53,299.59\n")
        .contains("   5  SFA-450  Two-seat sofa  furniture           11     30       3414300  34,143.00\n")
        .doesNotContain("DSK-400");
  }

  // ---- stateful-counter

  /**
   * The running counts per kind after every {@code every} events, and once more at the end (also when
   * the last event had just made an emit: the end of input always emits).
   */
  private static List<Counts> expectedCounts(int every) throws IOException {
    List<Counts> want = new ArrayList<>();
    Map<String, Long> counts = new TreeMap<>();
    List<String[]> events = csv("events.csv");
    for (int i = 0; i < events.size(); i++) {
      counts.merge(events.get(i)[2], 1L, Long::sum);
      if ((i + 1) % every == 0) {
        want.add(new Counts(i + 1, new TreeMap<>(counts)));
      }
    }
    want.add(new Counts(events.size(), new TreeMap<>(counts)));
    return want;
  }

  @Test
  void statefulCounter_emitsTheRunningCountsEveryTenEvents_andAtTheEnd() throws Exception {
    List<Counts> want = expectedCounts(10);
    FlowTestRun run = FlowTestKit.run(StatefulCounterFlow.definition()).complete();

    run.assertCompletedWithoutErrors();
    run.assertStage("counter").hasReceived(25).hasEmitted(want);
    assertThat(want).containsExactly(
        new Counts(10, Map.of("click", 2L, "purchase", 1L, "signup", 1L, "view", 6L)),
        new Counts(20, Map.of("click", 5L, "purchase", 1L, "signup", 3L, "view", 11L)),
        new Counts(25, Map.of("click", 6L, "purchase", 1L, "signup", 5L, "view", 13L)));
    assertThat(run.outputs("counter", Counts.class).get(0).perKind().keySet())
        .containsExactly("click", "purchase", "signup", "view");
  }

  @Test
  void statefulCounter_everyOneEvent_isEmitPolicyAlways() throws Exception {
    FlowTestRun run = FlowTestKit.run(StatefulCounterFlow.definition()).setting("stateful-counter.every", "1")
        .complete();

    run.assertCompletedWithoutErrors();
    run.assertStage("counter").hasEmitted(expectedCounts(1));
    assertThat(run.outputs("counter", Counts.class)).hasSize(26); // 25 after each event, then the end of input
  }

  @Test
  void statefulCounter_printsEachEmit() {
    Run r = execute("stateful-counter", "--memory");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.printed()).isEqualTo("after 10 events: click 2, purchase 1, signup 1, view 6\n"
        + "after 20 events: click 5, purchase 1, signup 3, view 11\n"
        + "after 25 events: click 6, purchase 1, signup 5, view 13\n");
    assertThat(r.out()).containsPattern("(?m)^counter\\s+stateful\\s+25\\s+3\\s+0$");
  }

  // ---- typed-io

  @Test
  void typedIo_theSinkWritesTheReport_andItsRefusedReadingsAreDeadLetters() throws Exception {
    Path report = tmp.resolve("report.txt");
    FlowTestRun run = FlowTestKit.run(TypedIoFlow.definition()).setting("typed-io.report", report.toString())
        .complete();

    run.assertCompleted();
    List<SensorReading> readings = run.outputs("readings", SensorReading.class);
    assertThat(readings).hasSize(500).startsWith(new SensorReading(1, "boiler", 71.7),
        new SensorReading(2, "intake", 12.3), new SensorReading(3, "outlet", 36.3), new SensorReading(4, "roof", -7.4));
    assertThat(readings.stream().map(SensorReading::seq).toList())
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 500).boxed().toList());
    List<SensorReading> faults = readings.stream().filter(r -> r.celsius() == -999.0).toList();
    assertThat(faults).hasSize(12);

    run.assertStage("report").hasReceived(500).hasErrors(12).hasOnlyErrorsOfKind(ErrorKind.VALIDATION)
        .hasErrorFor(faults.get(0), ErrorKind.VALIDATION, "reading " + faults.get(0).seq() + " of sensor "
            + faults.get(0).sensor() + ": fault code -999.0 is not a temperature; left out of the report");
    assertThat(run.deadLetters("report").stream().map(DeadLetter::input).toList()).isEqualTo(faults);
    assertThat(run.result().stage("report").emitted()).as("receipts").isEqualTo(488);

    List<String> want = new ArrayList<>(List.of("# sensor readings: seq, sensor, celsius"));
    Map<String, List<Double>> bySensor = new TreeMap<>();
    for (SensorReading r : readings) {
      if (r.celsius() != -999.0) {
        want.add(String.format(Locale.ROOT, "%5d  %-8s %6.1f", r.seq(), r.sensor(), r.celsius()));
        bySensor.computeIfAbsent(r.sensor(), s -> new ArrayList<>()).add(r.celsius());
      }
    }
    want.add("# per sensor: readings, min, max, mean");
    bySensor.forEach((sensor, values) -> want.add(String.format(Locale.ROOT, "%-8s %5d %6.1f %6.1f %7.2f", sensor,
        values.size(), values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
        values.stream().mapToDouble(Double::doubleValue).sum() / values.size())));
    assertThat(Files.readAllLines(report)).isEqualTo(want);
    assertThat(bySensor.keySet()).containsExactly("boiler", "intake", "outlet", "roof");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary file left")
          .containsExactly("report.txt");
    }
  }

  @Test
  void typedIo_aFailedRun_abortsTheSink_andLeavesTheOldReportAsItWas() throws Exception {
    Path report = tmp.resolve("report.txt");
    Files.writeString(report, "the last good report\n");
    Source<SensorReading> broken = new Source<>() {
      private int calls;

      @Override
      public boolean next(Emitter<SensorReading> out) throws IOException {
        if (++calls == 3) {
          throw new IOException("sensor bus disconnected");
        }
        out.emit(new SensorReading(calls, "boiler", 70.0));
        return true;
      }
    };
    FlowTestRun run = FlowTestKit.run(TypedIoFlow.definition()).setting("typed-io.report", report.toString())
        .withSource("readings", broken).complete();

    assertThat(run.assertFailed()).hasStackTraceContaining("sensor bus disconnected");
    assertThat(Files.readString(report)).isEqualTo("the last good report\n");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).as("the temporary file was deleted")
          .containsExactly("report.txt");
    }
  }

  @Test
  void typedIo_completesWithTheRefusedReadings_exit3_andSaysWhereTheyAre() {
    Path report = tmp.resolve("sensors.txt");
    Run r = execute("typed-io", "--journal-dir", tmp.resolve("runs").toString(), "--durability", "none", "--set",
        "typed-io.report=" + report);

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.printed()).isEqualTo("report: " + report + " (488 readings of 4 sensors)\n");
    assertThat(r.out()).containsPattern("(?m)^report\\s+sink\\s+500\\s+488\\s+12 !$")
        .containsPattern("completed with 12 errors, in stage report \\(12\\); read the dead letters with:\n"
            + "  java -jar samples/target/weir-samples.jar typed-io journal cat \\S+ report --errors\n");
    assertThat(Files.exists(report)).isTrue();
  }

  // ---- replays

  @ParameterizedTest
  @ValueSource(strings = {"top-products", "stateful-counter", "typed-io"})
  void theReplayCommand_reportsZeroDifferences(String sample) {
    List<String> args = new ArrayList<>(List.of(sample, "--journal-dir", tmp.toString(), "--durability", "none"));
    if (sample.equals("typed-io")) {
      args.addAll(List.of("--set", "typed-io.report=" + tmp.resolve("report.txt")));
    }
    Run first = execute(args.toArray(String[]::new));
    assertThat(first.code()).as(first.out() + first.err()).isEqualTo(sample.equals("typed-io") ? 3 : 0);
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    if (sample.equals("typed-io")) {
      assertThat(first.out()).contains("--set typed-io.report=" + tmp.resolve("report.txt") + " --journal-dir");
    }

    args.addAll(List.of("--replay-from", m.group(1), "--verify"));
    Run again = execute(args.toArray(String[]::new));

    assertThat(again.out()).as(again.err()).contains("replay matched the original run: 0 differences");
    assertThat(again.code()).isEqualTo(first.code());
  }

  // ---- jdbc-orders

  /** The rows the valid orders of {@code orders.csv} make, ordered by order id, as {@link #rows} reads them. */
  private static List<String> expectedRows() throws IOException {
    List<String> rows = new ArrayList<>();
    for (String[] o : csv("orders.csv")) {
      int quantity = Integer.parseInt(o[4]);
      if (quantity > 0 && List.of("USD", "EUR", "GBP", "JPY").contains(o[3])) {
        rows.add(String.join(",", o) + "," + quantity * Long.parseLong(o[5]));
      }
    }
    rows.sort(Comparator.comparingLong(r -> Long.parseLong(r.split(",")[0])));
    return rows;
  }

  /** The table's rows, ordered by order id, each as its CSV line with the total at the end. */
  private static List<String> rows(DataSource db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT order_id, customer, region, currency, quantity, unit_price_minor,"
            + " total_minor FROM weir_orders ORDER BY order_id")) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + "," + rs.getString(2) + "," + rs.getString(3) + "," + rs.getString(4) + ","
            + rs.getInt(5) + "," + rs.getLong(6) + "," + rs.getLong(7));
      }
    }
    return rows;
  }

  private static long count(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void jdbcOrders_onH2_writesEveryValidOrder_andTheSameRunAgainAddsNoRow() throws Exception {
    String url = "jdbc:h2:mem:jdbc_orders_sample;DB_CLOSE_DELAY=-1";
    DataSource db = new UrlDataSource(url, "sa", "");
    try (Connection keepAlive = db.getConnection()) {
      List<String> want = expectedRows();
      for (int time = 1; time <= 2; time++) { // the second run upserts the same rows
        FlowTestRun run = FlowTestKit.run(JdbcOrdersFlow.definition()).setting("jdbc.url", url)
            .setting("jdbc.user", "sa").setting("jdbc.batch-size", "100").complete();

        run.assertCompleted();
        run.assertStage("rows").hasReceived(2000).hasEmittedCount(want.size()).hasErrors(44)
            .hasOnlyErrorsOfKind(ErrorKind.VALIDATION)
            .hasErrorFor(new Order(97, "initech", "west", "USD", 0, 162_352), ErrorKind.VALIDATION,
                "order 97: quantity must be positive, got 0");
        run.assertStage("table").hasReceived(want.size());
        assertThat(run.result().stage("table").emitted()).as("receipts, run %d", time).isEqualTo(want.size());
        assertThat(rows(db)).as("run %d", time).isEqualTo(want);
      }
      assertThat(want).hasSize(1956);
      assertThat(count(db, "SELECT COUNT(*) FROM information_schema.tables"
          + " WHERE LOWER(table_name) = 'weir_deliveries'"))
          .as("an upsert keeps no ledger").isZero();
      try (Statement s = keepAlive.createStatement()) {
        s.execute("SHUTDOWN");
      }
    }
  }

  @Test
  void jdbcOrders_withNoDatabaseListening_exits1_sayingHowToPointItAtOne() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    } // closed: nothing listens there now
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";

    Run r = execute("jdbc-orders", "--memory", "--set", "jdbc.url=" + url);

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED").contains("no PostgreSQL reachable at " + url + " as user 'postgres' (")
        .contains("refused").contains("); start one, or point the sample at yours:"
            + " --set jdbc.url=jdbc:postgresql://HOST:PORT/DATABASE --set jdbc.user=USER"
            + " --secret jdbc.password=PASSWORD");

    Run other = execute("jdbc-orders", "--memory", "--set", "jdbc.url=jdbc:mysql://127.0.0.1/shop");
    assertThat(other.code()).isEqualTo(1);
    assertThat(other.out()).contains("setting 'jdbc.url' = 'jdbc:mysql://127.0.0.1/shop': the sample writes to"
        + " jdbc:postgresql:... or jdbc:h2:...");
  }

  /** A real PostgreSQL server for the jdbc-orders tests, started by the first of them ({@link PostgresServer}). */
  private static PostgresServer server;

  private static PostgresServer server() throws Exception {
    if (server == null) {
      server = PostgresServer.start();
    }
    return server;
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private static DataSource emptyPostgres() throws Exception {
    DataSource db = server().dataSource();
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS weir_orders");
    }
    return db;
  }

  @Test
  void jdbcOrders_onPostgres_writesEveryValidOrderInBatches_andItsReplayRewritesTheSameRows() throws Exception {
    DataSource db = emptyPostgres();
    PostgresServer pg = server();
    List<String> want = expectedRows();
    Path journals = tmp.resolve("journals");

    Run first = execute("jdbc-orders", "--journal-dir", journals.toString(), "--durability", "none",
        "--set", "jdbc.url=" + pg.url(), "--set", "jdbc.user=" + pg.user(), "--set", "jdbc.batch-size=250");

    assertThat(first.code()).as(first.out() + first.err()).isEqualTo(3); // completed, 44 invalid orders
    assertThat(first.out()).containsPattern("(?m)^rows\\s+transform\\s+2000\\s+1956\\s+44 !$")
        .containsPattern("(?m)^table\\s+sink\\s+1956\\s+1956\\s+0$");
    assertThat(rows(db)).isEqualTo(want);
    // each JDBC batch is a transaction of its own, and rows written in one transaction share its xmin
    assertThat(count(db, "SELECT COUNT(DISTINCT xmin::text) FROM weir_orders")).as("transactions")
        .isGreaterThanOrEqualTo((1956 + 249) / 250);
    assertThat(count(db, "SELECT COUNT(*) FROM (SELECT xmin::text FROM weir_orders GROUP BY xmin::text"
        + " HAVING COUNT(*) > 250) AS big")).as("transactions of more than 250 rows").isZero();
    assertThat(count(db, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'weir_deliveries'"))
        .as("an upsert keeps no ledger").isZero();

    Matcher m = Pattern.compile("(?m)^replay: (.*) --replay-from (\\S+) --verify$").matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    assertThat(m.group(1)).as("the replay command repeats the settings").contains("--set jdbc.url=" + pg.url())
        .contains("--set jdbc.user=weir").contains("--set jdbc.batch-size=250");
    Run replay = execute("jdbc-orders", "--journal-dir", journals.toString(), "--set", "jdbc.url=" + pg.url(),
        "--set", "jdbc.user=" + pg.user(), "--set", "jdbc.batch-size=250", "--replay-from", m.group(2), "--verify");

    assertThat(replay.out()).as(replay.err()).contains("replay matched the original run: 0 differences");
    assertThat(replay.code()).isEqualTo(3);
    assertThat(rows(db)).as("the replay's sink ran again: it rewrote the same rows, added none").isEqualTo(want);
  }

  @Test
  void jdbcOrders_onPostgres_createsItsTable_andUpdatesARowThatChanged() throws Exception {
    DataSource db = emptyPostgres();
    PostgresServer pg = server();
    Order first = new Order(1, "ada", "north", "USD", 2, 1_000);
    FlowTestKit.run(JdbcOrdersFlow.definition()).setting("jdbc.url", pg.url()).setting("jdbc.user", pg.user())
        .withSource("orders", List.of(first, new Order(2, "bob", "south", "EUR", 1, 500))).complete()
        .assertCompletedWithoutErrors();
    assertThat(rows(db)).containsExactly("1,ada,north,USD,2,1000,2000", "2,bob,south,EUR,1,500,500");

    FlowTestKit.run(JdbcOrdersFlow.definition()).setting("jdbc.url", pg.url()).setting("jdbc.user", pg.user())
        .withSource("orders", List.of(new Order(1, "ada", "north", "USD", 5, 1_000))).complete()
        .assertCompletedWithoutErrors();
    assertThat(rows(db)).containsExactly("1,ada,north,USD,5,1000,5000", "2,bob,south,EUR,1,500,500");
  }
}
