package dev.weir.samples.jdbcorders;

import dev.weir.api.ErrorKind;
import dev.weir.api.JdbcSinkOptions;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.StatementBinder;
import dev.weir.api.Transform;
import dev.weir.api.UrlDataSource;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.flow.FlowSettings;
import dev.weir.samples.SampleData;
import dev.weir.samples.orders.Order;
import dev.weir.samples.orders.Orders;
import dev.weir.samples.orders.Rates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The orders of the {@code orders} sample, written into a PostgreSQL table with {@link Sinks#jdbc}:
 * valid orders become rows of {@value #TABLE} (created when absent), upserted by order id in JDBC
 * batches of {@value #DEFAULT_BATCH_SIZE}, each batch its own transaction, committed before the
 * events' receipts are journaled. The upsert is the idempotency: the order id is the row's key, so a
 * replay with its sinks running (or the same run again) rewrites the same rows and adds none.
 * Invalid orders land in {@code rows}' error journal.
 *
 * <p>The flow object connects once when it is made, to create the table; when no database answers
 * at {@value #URL}, the run fails at once with a message saying so and how to point the sample at
 * one (exit code 1). Settings ({@code --set key=value}, or {@code WEIR_SET_JDBC_URL} and so on):
 * {@value #URL} (default {@value #DEFAULT_URL}; {@code jdbc:h2:} URLs work too), {@value #USER}
 * (default {@value #DEFAULT_USER}), {@value #PASSWORD} (a secret: {@code --secret}), {@value #BATCH_SIZE}
 * and, as for {@code orders}, {@code orders.file}.
 */
@Flow(name = "jdbc_orders", topology = {"orders |> rows |> table"})
public class JdbcOrders {

  /** The setting that names the database's JDBC URL. */
  public static final String URL = "jdbc.url";

  /** The setting that names the database user. */
  public static final String USER = "jdbc.user";

  /** The setting (a secret) that gives the user's password. */
  public static final String PASSWORD = "jdbc.password";

  /** The setting that names how many statements go in one JDBC batch and transaction. */
  public static final String BATCH_SIZE = "jdbc.batch-size";

  /** A PostgreSQL on this machine, its default database. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  /** PostgreSQL's own superuser. */
  public static final String DEFAULT_USER = "postgres";

  /** Statements per JDBC batch by default. */
  public static final int DEFAULT_BATCH_SIZE = 200;

  /** The table the orders go to. */
  public static final String TABLE = "weir_orders";

  /** The table, as the flow creates it when it is absent. */
  static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " (order_id BIGINT PRIMARY KEY,"
      + " customer VARCHAR(100) NOT NULL, region VARCHAR(20) NOT NULL, currency CHAR(3) NOT NULL,"
      + " quantity INTEGER NOT NULL, unit_price_minor BIGINT NOT NULL, total_minor BIGINT NOT NULL)";

  private static final StatementBinder<OrderRow> BINDER = (ps, row) -> {
    ps.setLong(1, row.orderId());
    ps.setString(2, row.customer());
    ps.setString(3, row.region());
    ps.setString(4, row.currency());
    ps.setInt(5, row.quantity());
    ps.setLong(6, row.unitPriceMinor());
    ps.setLong(7, row.totalMinor());
  };

  private final UrlDataSource database;
  private final Dialect dialect;
  private final int batchSize;
  private final Path file;

  /**
   * Reads the settings and creates the table when it is absent.
   *
   * @throws IllegalStateException when no database answers at the URL, saying how to point the sample at one
   */
  public JdbcOrders(FlowSettings settings) {
    String url = settings.get(URL, DEFAULT_URL);
    this.dialect = Dialect.of(url);
    this.database = new UrlDataSource(url, settings.get(USER, DEFAULT_USER), settings.get(PASSWORD, ""));
    this.batchSize = settings.getInt(BATCH_SIZE, DEFAULT_BATCH_SIZE);
    if (batchSize < 1) {
      throw new IllegalArgumentException("setting '" + BATCH_SIZE + "' = " + batchSize + ": a batch holds at least 1"
          + " statement");
    }
    this.file = settings.getPath(Orders.FILE, null);
    createTable();
  }

  private void createTable() {
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      s.execute(CREATE_TABLE);
    } catch (SQLException e) {
      throw new IllegalStateException("no " + (dialect == Dialect.POSTGRESQL ? "PostgreSQL" : "database")
          + " reachable at " + database.url() + " as user '" + database.user() + "' (" + e.getMessage() + "); start"
          + " one, or point the sample at yours: --set " + URL + "=jdbc:postgresql://HOST:PORT/DATABASE --set " + USER
          + "=USER --secret " + PASSWORD + "=PASSWORD", e);
    }
  }

  @Stage
  Source<Order> orders() {
    return Sources.csv(file != null ? file : SampleData.file("orders.csv"), Order.class);
  }

  /** Rejects orders without a positive quantity or with an unknown currency; the rest become rows. */
  @Stage
  Transform<Order, OrderRow> rows() {
    return (order, out) -> {
      if (order.quantity() < 1) {
        throw new StageException(ErrorKind.VALIDATION, "order " + order.orderId() + ": quantity must be positive, got "
            + order.quantity());
      }
      if (!Rates.known(order.currency())) {
        throw new StageException(ErrorKind.VALIDATION,
            "order " + order.orderId() + ": unknown currency " + order.currency());
      }
      out.emit(OrderRow.of(order));
    };
  }

  /** Upserts each row by order id, {@link #batchSize} statements per transaction. */
  @Stage
  Sink<OrderRow> table() {
    return Sinks.jdbc(database, dialect.upsert(), BINDER, JdbcSinkOptions.defaults().upsert().batchSize(batchSize));
  }
}
