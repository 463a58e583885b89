package dev.weir.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The sink behind {@link Sinks#jdbc}: gathers a batch's items with their {@link DeliveryKey}s and, at
 * the batch's flush, writes them in JDBC batches of at most {@code batchSize} statements, each batch
 * in its own transaction, committed before flush returns (so before the runtime journals the
 * receipts). With a {@link DeliveryLedger} the keys are inserted in the same transaction and a
 * redelivered key is skipped. One connection is held from the first flush to the end.
 */
final class JdbcSink<T> implements KeyedSink<T> {

  private final DataSource dataSource;
  private final String sql;
  private final StatementBinder<T> binder;
  private final JdbcSinkOptions options;
  private final DeliveryLedger ledger;

  private Object[] items = new Object[64];
  private DeliveryKey[] keys = new DeliveryKey[64];
  private int pending;

  private Connection connection;
  private PreparedStatement statement;
  private PreparedStatement ledgerInsert;
  private long written;
  private long skipped;

  JdbcSink(DataSource dataSource, String sql, StatementBinder<T> binder, JdbcSinkOptions options) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.binder = Objects.requireNonNull(binder, "binder");
    this.options = Objects.requireNonNull(options, "options");
    if (sql.isBlank()) {
      throw new IllegalArgumentException("Sinks.jdbc needs an SQL statement, got a blank one");
    }
    this.ledger = options.idempotency() == JdbcSinkOptions.Idempotency.LEDGER
        ? new DeliveryLedger(options.ledgerTableName(), options.ledgerNameValue().orElseGet(() -> defaultName(sql)))
        : null;
  }

  /** The ledger name of a sink that was given none: the statement's hash, stable from run to run. */
  static String defaultName(String sql) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(sql.strip().getBytes(StandardCharsets.UTF_8));
      return "sql:" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public void consume(T item, DeliveryKey key) {
    if (pending == items.length) {
      items = Arrays.copyOf(items, pending * 2);
      keys = Arrays.copyOf(keys, pending * 2);
    }
    items[pending] = item;
    keys[pending] = key;
    pending++;
  }

  @Override
  public void flush() throws SQLException {
    if (pending == 0) {
      return;
    }
    if (connection == null) {
      open(keys[0].run());
    }
    int size = options.batchSizeValue();
    for (int from = 0; from < pending; from += size) {
      writeBatch(from, Math.min(pending, from + size));
    }
    Arrays.fill(items, 0, pending, null);
    Arrays.fill(keys, 0, pending, null);
    pending = 0;
  }

  private void open(String run) throws SQLException {
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      if (ledger != null) {
        ledger.open(connection, run);
        ledgerInsert = ledger.prepareInsert(connection);
      }
      statement = connection.prepareStatement(sql);
    } catch (SQLException e) {
      closeQuietly();
      throw new SQLException("JDBC sink: cannot open its connection and prepare '" + sql + "'"
          + (ledger == null ? "" : " and its ledger table " + ledger.table()) + ": " + describe(e), e.getSQLState(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private void writeBatch(int from, int to) throws SQLException {
    int statements = 0;
    try {
      for (int i = from; i < to; i++) {
        if (ledger != null && ledger.contains(keys[i])) {
          skipped++; // committed by an earlier delivery of this event: its row is there
          continue;
        }
        binder.bind(statement, (T) items[i]);
        statement.addBatch();
        if (ledger != null) {
          ledger.addInsert(ledgerInsert, keys[i]);
        }
        statements++;
      }
      if (statements > 0) {
        statement.executeBatch();
        if (ledger != null) {
          ledgerInsert.executeBatch();
        }
      }
      connection.commit();
      written += statements;
    } catch (SQLException | RuntimeException e) {
      rollback(e);
      throw new SQLException("JDBC sink: the batch of events " + keys[from] + " .. " + keys[to - 1] + " (" + (to - from)
          + " items) was rolled back, nothing of it is committed: " + describe(e)
          + (ledger != null && isDuplicateKey(e) ? "; a duplicate key in " + ledger.table()
              + " means another writer delivered these events meanwhile" : ""),
          e instanceof SQLException s ? s.getSQLState() : null, e);
    }
  }

  private void rollback(Exception cause) {
    try {
      statement.clearBatch();
      if (ledgerInsert != null) {
        ledgerInsert.clearBatch();
      }
      connection.rollback();
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static boolean isDuplicateKey(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  /** The SQL error with the driver's next exceptions (PostgreSQL puts the real cause of a failed batch there). */
  private static String describe(Exception e) {
    StringBuilder b = new StringBuilder(String.valueOf(e));
    if (e instanceof SQLException s) {
      SQLException next = s.getNextException();
      for (int i = 0; next != null && i < 3; i++, next = next.getNextException()) {
        b.append("; next: ").append(next.getMessage());
      }
    }
    if (e instanceof BatchUpdateException && e.getCause() != null && e.getCause() != ((SQLException) e).getNextException()) {
      b.append("; cause: ").append(e.getCause().getMessage());
    }
    return b.toString();
  }

  @Override
  public void complete() throws SQLException {
    flush();
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  @Override
  public void abort() {
    Arrays.fill(items, 0, pending, null);
    Arrays.fill(keys, 0, pending, null);
    pending = 0; // never committed: no receipts were written for them, a replay delivers them
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException e) {
        // closing below releases the transaction anyway
      }
    }
    closeQuietly();
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // nothing was left uncommitted that closing could lose
      }
      connection = null;
    }
  }

  /** Statements committed so far, and items skipped because the ledger had their keys. */
  @Override
  public String toString() {
    return "JdbcSink[" + sql + ", " + options + ", written " + written + ", skipped " + skipped + "]";
  }
}
