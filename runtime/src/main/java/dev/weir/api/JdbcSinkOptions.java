package dev.weir.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@link Sinks#jdbc(javax.sql.DataSource, String, StatementBinder, JdbcSinkOptions)} writes: the
 * statements per transaction, and how a redelivered event is kept from being written twice.
 * Immutable; each method returns a changed copy: {@code JdbcSinkOptions.defaults().batchSize(1000)}.
 */
public final class JdbcSinkOptions {

  /** How the sink keeps redeliveries from doubling rows. */
  enum Idempotency { LEDGER, UPSERT, NONE }

  /** The default number of statements in one JDBC batch and transaction: {@value}. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /** The default ledger table: {@value}. */
  public static final String DEFAULT_LEDGER_TABLE = "weir_deliveries";

  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  private static final JdbcSinkOptions DEFAULTS =
      new JdbcSinkOptions(DEFAULT_BATCH_SIZE, Idempotency.LEDGER, DEFAULT_LEDGER_TABLE, null);

  private final int batchSize;
  private final Idempotency idempotency;
  private final String ledgerTable;
  private final String ledgerName;

  private JdbcSinkOptions(int batchSize, Idempotency idempotency, String ledgerTable, String ledgerName) {
    this.batchSize = batchSize;
    this.idempotency = idempotency;
    this.ledgerTable = ledgerTable;
    this.ledgerName = ledgerName;
  }

  /** Batches of {@value #DEFAULT_BATCH_SIZE}, idempotent through the ledger table {@value #DEFAULT_LEDGER_TABLE}. */
  public static JdbcSinkOptions defaults() {
    return DEFAULTS;
  }

  /** At most {@code n} statements per JDBC batch, each batch its own transaction. */
  public JdbcSinkOptions batchSize(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("JdbcSinkOptions.batchSize must be at least 1, got " + n);
    }
    return new JdbcSinkOptions(n, idempotency, ledgerTable, ledgerName);
  }

  /**
   * Records each delivered event's key in {@code table} (created when absent) in the same transaction
   * as its row; the default, with table {@value #DEFAULT_LEDGER_TABLE}. A plain name or {@code
   * schema.name}.
   */
  public JdbcSinkOptions ledgerTable(String table) {
    Objects.requireNonNull(table, "table");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("JdbcSinkOptions.ledgerTable needs a plain SQL name or schema.name"
          + " (letters, digits, _), got '" + table + "'");
    }
    return new JdbcSinkOptions(batchSize, Idempotency.LEDGER, table, ledgerName);
  }

  /**
   * Names this sink's keys in the ledger (by default, a hash of the SQL text): two sinks that write
   * the same events with the same statement into one database need different names.
   */
  public JdbcSinkOptions ledgerName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("JdbcSinkOptions.ledgerName needs 1 to 200 characters, got '" + name + "'");
    }
    return new JdbcSinkOptions(batchSize, Idempotency.LEDGER, ledgerTable, name);
  }

  /**
   * The statement is an upsert ({@code INSERT ... ON CONFLICT (id) DO UPDATE}, {@code MERGE}): writing
   * an item again rewrites the row it wrote, so no ledger is kept and a redelivered event updates
   * its row instead of adding one.
   */
  public JdbcSinkOptions upsert() {
    return new JdbcSinkOptions(batchSize, Idempotency.UPSERT, ledgerTable, ledgerName);
  }

  /** No ledger and no upsert: a redelivered event (a replay with sinks running) is written again. */
  public JdbcSinkOptions atLeastOnce() {
    return new JdbcSinkOptions(batchSize, Idempotency.NONE, ledgerTable, ledgerName);
  }

  int batchSizeValue() {
    return batchSize;
  }

  Idempotency idempotency() {
    return idempotency;
  }

  String ledgerTableName() {
    return ledgerTable;
  }

  Optional<String> ledgerNameValue() {
    return Optional.ofNullable(ledgerName);
  }

  @Override
  public String toString() {
    return "JdbcSinkOptions[batch " + batchSize + ", " + switch (idempotency) {
      case LEDGER -> "ledger " + ledgerTable + (ledgerName == null ? "" : " as '" + ledgerName + "'");
      case UPSERT -> "upsert";
      case NONE -> "at least once";
    } + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JdbcSinkOptions other && batchSize == other.batchSize && idempotency == other.idempotency
        && ledgerTable.equals(other.ledgerTable) && Objects.equals(ledgerName, other.ledgerName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(batchSize, idempotency, ledgerTable, ledgerName);
  }
}
