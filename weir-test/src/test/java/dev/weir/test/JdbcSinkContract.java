package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.JdbcSinkOptions;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StatementBinder;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Sinks#jdbc} promises, against a real database: each subclass gives the database
 * (H2 in process, a PostgreSQL server started by the test, {@link PostgresServer}). Flows run on disk
 * journals so that they can be replayed with their sinks running, as a redelivery after a crash is.
 */
abstract class JdbcSinkContract {

  public record Order(long id, String customer, long amountMinor) {}

  static final StatementBinder<Order> BINDER = (ps, o) -> {
    ps.setLong(1, o.id());
    ps.setString(2, o.customer());
    ps.setLong(3, o.amountMinor());
  };

  static final String INSERT = "INSERT INTO orders (id, customer, amount_minor) VALUES (?, ?, ?)";

  @TempDir
  Path tmp;

  /** The database under test; the same for every test of a class. */
  abstract DataSource dataSource();

  /** An upsert of an order by id, in the database's dialect. */
  abstract String upsert();

  @BeforeEach
  void freshTables() throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS orders");
      s.execute("DROP TABLE IF EXISTS weir_deliveries");
      s.execute("DROP TABLE IF EXISTS other_ledger");
      s.execute("CREATE TABLE orders (id BIGINT NOT NULL, customer VARCHAR(100) NOT NULL, amount_minor BIGINT NOT NULL,"
          + " CONSTRAINT orders_pk PRIMARY KEY (id))");
    }
  }

  static List<Order> orders(int n) {
    List<Order> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new Order(i, "c" + (i % 17), i * 100L));
    }
    return out;
  }

  private FlowDefinition flow(List<Order> input, DataSource ds, JdbcSinkOptions options) {
    return flow(input, ds, INSERT, options);
  }

  private FlowDefinition flow(List<Order> input, DataSource ds, String sql, JdbcSinkOptions options) {
    Sink<Order> sink = Sinks.jdbc(ds, sql, BINDER, options);
    return FlowDefinition.define("connector_test")
        .stage(StageDefinition.source("source", ElementType.of(Order.class), f -> Sources.of(input)))
        .stage(StageDefinition.sink("sink", ElementType.of(Order.class), f -> sink))
        .chain("source", "sink")
        .build();
  }

  /** What a run ended with: its result and the sink's dead letters. */
  record Outcome(FlowResult result, List<DeadLetter> sinkErrors) {}

  static Outcome await(FlowHandle h) throws InterruptedException {
    Optional<FlowResult> r = h.await(Duration.ofSeconds(60)); // a hang guard, not a timing assertion
    assertThat(r).as("the run ends").isPresent();
    return new Outcome(r.get(), h.journals().errors("sink").deadLetters());
  }

  private Path journals() {
    return tmp.resolve("journals");
  }

  private FlowHandle startOnDisk(FlowDefinition def) {
    return def.builder().journals(Journals.disk(journals())).start();
  }

  private Path runDirectory(FlowHandle h) {
    return h.journals().directory().orElseThrow();
  }

  long count(String sql) throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void assertOrdersExactly(int n) throws SQLException {
    assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(n);
    assertThat(count("SELECT COUNT(DISTINCT id) FROM orders")).isEqualTo(n);
    assertThat(count("SELECT COALESCE(SUM(amount_minor), 0) FROM orders")).isEqualTo(100L * n * (n + 1) / 2);
  }

  @Test
  void writesEveryItem_inTransactionsOfAtMostBatchSize() throws Exception {
    CountingDataSource counting = new CountingDataSource(dataSource(), Integer.MAX_VALUE);

    Outcome o = await(
        startOnDisk(flow(orders(1234), counting, JdbcSinkOptions.defaults().batchSize(100))));

    assertThat(o.result().state()).as("%s", o.result().failure()).isEqualTo(FlowState.COMPLETED);
    assertThat(o.result().stage("sink").emitted()).as("receipts").isEqualTo(1234);
    assertOrdersExactly(1234);
    assertThat(count("SELECT COUNT(*) FROM weir_deliveries")).as("one ledger key per event").isEqualTo(1234);
    assertThat(count("SELECT COUNT(DISTINCT seq) FROM weir_deliveries WHERE stage = 'source'")).isEqualTo(1234);
    // two commits open the ledger; then at least one per 100 statements
    assertThat(counting.commits.get()).isGreaterThanOrEqualTo(2 + 13);
    assertThat(counting.connections.get()).as("one connection for the run").isEqualTo(1);
  }

  @Test
  void aSinkWithMiddleware_stillGetsEachItemWithItsKey() throws Exception {
    // the middleware calls the sink for each input: as a KeyedSink, with the event's key (not consume(item))
    FlowDefinition def = FlowDefinition.define("connector_test")
        .stage(StageDefinition.source("source", ElementType.of(Order.class),
            f -> Sources.of(orders(300))))
        .stage(StageDefinition.sink("sink", ElementType.of(Order.class),
            f -> Sinks.jdbc(dataSource(), INSERT, BINDER, JdbcSinkOptions.defaults().batchSize(50))))
        .chain("source", "sink")
        .middleware("sink", dev.weir.flow.MiddlewareEntry.stage(new dev.weir.flow.RetryPolicy(3,
            Duration.ofMillis(1), 2.0, Duration.ofMillis(10), 0.0)))
        .build();

    Outcome o = await(startOnDisk(def));

    assertThat(o.sinkErrors()).as("no input dead-lettered").isEmpty();
    assertThat(o.result().state()).as("%s", o.result().failure()).isEqualTo(FlowState.COMPLETED);
    assertOrdersExactly(300);
    assertThat(count("SELECT COUNT(*) FROM weir_deliveries")).as("one ledger key per event").isEqualTo(300);
  }

  @Test
  void aReplayWithSinksRunning_writesNoRowTwice_whileANewRunWritesItsOwn() throws Exception {
    List<Order> input = orders(700);
    FlowHandle first = startOnDisk(flow(input, dataSource(), JdbcSinkOptions.defaults()));
    assertThat(await(first).result().state()).isEqualTo(FlowState.COMPLETED);
    assertOrdersExactly(700);

    FlowHandle replay = flow(input, dataSource(), JdbcSinkOptions.defaults()).builder()
        .journals(Journals.memory()).replayFrom(runDirectory(first)).start();
    Outcome replayed = await(replay);

    assertThat(replayed.result().state()).as("%s", replayed.result().failure()).isEqualTo(FlowState.COMPLETED);
    assertThat(replayed.result().stage("sink").emitted()).as("every redelivered event is receipted").isEqualTo(700);
    assertOrdersExactly(700);
    assertThat(count("SELECT COUNT(*) FROM weir_deliveries")).isEqualTo(700);

    // a new run (not a replay) has new keys: its rows are written, here refused as duplicate ids
    FlowHandle fresh = startOnDisk(flow(input, dataSource(), JdbcSinkOptions.defaults()));
    Outcome again = await(fresh);
    assertThat(again.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(again.result().failure().orElseThrow().getMessage())
        .contains("JDBC sink: the batch of events " + fresh.runId() + "/source#1 .. ")
        .contains("was rolled back, nothing of it is committed");
    assertOrdersExactly(700);
  }

  @Test
  void aCrashAfterTheCommit_beforeTheReceipts_isRedeliveredByAReplay_withoutDoublingRows() throws Exception {
    List<Order> input = orders(1000);
    // the third data commit succeeds, then the connection "dies": flush fails, no receipts for that batch
    CountingDataSource crashing = new CountingDataSource(dataSource(), 2 + 3);
    FlowHandle crashed = startOnDisk(flow(input, crashing, JdbcSinkOptions.defaults().batchSize(50)));
    Outcome o = await(crashed);
    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(o.result().failure().orElseThrow().getMessage()).contains("simulated crash after commit");
    long committed = count("SELECT COUNT(*) FROM orders");
    assertThat(committed).as("three batches of 50 were committed").isEqualTo(150);
    assertThat(o.result().stage("sink").emitted()).as("receipts").isLessThan(committed);

    FlowHandle replay = flow(input, dataSource(), JdbcSinkOptions.defaults().batchSize(50)).builder()
        .journals(Journals.memory()).replayFrom(runDirectory(crashed)).allowIncomplete().start();
    Outcome replayed = await(replay);

    assertThat(replayed.result().state()).as("%s", replayed.result().failure()).isEqualTo(FlowState.COMPLETED);
    assertOrdersExactly(1000);
    assertThat(count("SELECT COUNT(*) FROM weir_deliveries")).isEqualTo(1000);
  }

  @Test
  void aBatchTheDatabaseRefuses_isRolledBackWhole_andFailsTheFlowWithTheSqlError() throws Exception {
    List<Order> input = new ArrayList<>(orders(30));
    input.add(new Order(5, "dup", 1)); // item 31 repeats id 5: its batch (31..40 with batch size 10) is refused
    input.addAll(orders(50).subList(30, 50));

    FlowResult r = await(startOnDisk(flow(input, dataSource(),
        JdbcSinkOptions.defaults().batchSize(10)))).result();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    String message = r.failure().orElseThrow().getMessage();
    assertThat(message).contains("was rolled back, nothing of it is committed").contains("/source#31 .. ")
        .containsIgnoringCase("orders_pk"); // the database's own reason, from the driver's chained exceptions
    assertThat(count("SELECT COUNT(*) FROM orders")).as("the 3 batches before it").isEqualTo(30);
    assertThat(count("SELECT COUNT(*) FROM orders WHERE customer = 'dup'")).isZero();
    assertThat(count("SELECT COUNT(*) FROM weir_deliveries")).isEqualTo(30);
  }

  @Test
  void upsert_keepsNoLedger_andAReplayRewritesTheSameRows() throws Exception {
    List<Order> input = orders(300);
    FlowHandle first = startOnDisk(flow(input, dataSource(), upsert(), JdbcSinkOptions.defaults().upsert()));
    assertThat(await(first).result().state()).isEqualTo(FlowState.COMPLETED);

    FlowHandle replay = flow(input, dataSource(), upsert(), JdbcSinkOptions.defaults().upsert()).builder()
        .journals(Journals.memory()).replayFrom(runDirectory(first)).start();
    assertThat(await(replay).result().state()).isEqualTo(FlowState.COMPLETED);

    assertOrdersExactly(300);
    try (Connection c = dataSource().getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      List<String> tables = new ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
      }
      assertThat(tables).contains("orders").doesNotContain("weir_deliveries");
    }
  }

  @Test
  void atLeastOnce_aReplayWritesAgain_asDocumented() throws Exception {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE orders DROP CONSTRAINT orders_pk");
    }
    List<Order> input = orders(40);
    FlowHandle first = startOnDisk(flow(input, dataSource(), JdbcSinkOptions.defaults().atLeastOnce()));
    await(first);
    FlowHandle replay = flow(input, dataSource(), JdbcSinkOptions.defaults().atLeastOnce()).builder()
        .journals(Journals.memory()).replayFrom(runDirectory(first)).start();
    await(replay);

    assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(80);
    assertThat(count("SELECT COUNT(DISTINCT id) FROM orders")).isEqualTo(40);
  }

  @Test
  void aLedgerTableOfItsOwn_andAStatementThatDoesNotPrepare_failsTheFlowNamingIt() throws Exception {
    FlowResult ok = await(startOnDisk(flow(orders(5), dataSource(),
        JdbcSinkOptions.defaults().ledgerTable("other_ledger").ledgerName("orders-db")))).result();
    assertThat(ok.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(count("SELECT COUNT(*) FROM other_ledger WHERE sink = 'orders-db'")).isEqualTo(5);

    FlowResult bad = await(startOnDisk(flow(orders(5), dataSource(),
        "INSERT INTO no_such_table (id, customer, amount_minor) VALUES (?, ?, ?)", JdbcSinkOptions.defaults()))).result();
    assertThat(bad.state()).isEqualTo(FlowState.FAILED);
    assertThat(bad.failure().orElseThrow().getMessage()).containsIgnoringCase("no_such_table");
    assertThat(Files.exists(tmp)).isTrue();
  }

  /**
   * A data source whose connections count commits and, after {@code crashAfter} commits, throw
   * from the next commit after it went through: the database has the rows, the sink never hears so.
   */
  static final class CountingDataSource implements DataSource {
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private final DataSource target;
    private final int crashAfter;

    CountingDataSource(DataSource target, int crashAfter) {
      this.target = target;
      this.crashAfter = crashAfter;
    }

    @Override
    public Connection getConnection() throws SQLException {
      connections.incrementAndGet();
      Connection real = target.getConnection();
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            try {
              Object result = method.invoke(real, args);
              if (method.getName().equals("commit") && commits.incrementAndGet() == crashAfter) {
                throw new SQLException("simulated crash after commit " + crashAfter);
              }
              return result;
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLException("not used");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
