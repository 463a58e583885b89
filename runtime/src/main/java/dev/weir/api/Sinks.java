package dev.weir.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/** Ready-made {@link Sink}s. */
public final class Sinks {

  private Sinks() {}

  /** Adds every item to {@code target}, in arrival order; the list must tolerate the stage thread. */
  public static <T> Sink<T> collect(List<? super T> target) {
    Objects.requireNonNull(target, "target");
    return target::add;
  }

  /** Prints every item on standard output, one per line. */
  public static <T> Sink<T> console() {
    return print(System.out);
  }

  /** Prints every item on standard output in {@code format}: {@code print(System.out, format)}. */
  public static <T> Sink<T> console(Format format) {
    return print(System.out, format);
  }

  /**
   * Prints every item on {@code out} in {@code format} ({@link Format#JSON}, {@link Format#JSON_PRETTY},
   * {@link Format#TABLE}, {@link Format#TEXT}), flushing {@code out} at the end of each batch; a
   * table's rows are printed then. An item Jackson cannot write goes to the stage's error journal.
   */
  public static <T> Sink<T> print(PrintStream out, Format format) {
    return new ConsoleSink<>(out, format);
  }

  /**
   * A live keyed table on standard output, for a stateful stage's {@code always} or {@code everyN}
   * snapshots: {@code snapshotTable(System.out, System.console() != null, key)}.
   */
  public static <T> Sink<T> snapshotTable(Function<? super T, ?> key) {
    return snapshotTable(System.out, System.console() != null, key);
  }

  /**
   * Keeps the latest item of each {@code key} and, at the end of each batch that changed one, shows
   * the whole table ({@link Format#TABLE} layout, keys in first-seen order) under a {@code snapshot
   * n: k keys} title. With {@code tty} the table is redrawn in place (ANSI cursor movement); without,
   * each snapshot is printed after the last, plain text with no escape codes (for a file or a pipe).
   * A null key sends the item to the stage's error journal ({@code VALIDATION}).
   */
  public static <T> Sink<T> snapshotTable(PrintStream out, boolean tty, Function<? super T, ?> key) {
    return new SnapshotTableSink<>(out, tty, key);
  }

  /** Prints every item on {@code out}, one per line, flushing at end of input. */
  public static <T> Sink<T> print(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return new Sink<>() {
      @Override
      public void consume(T item) {
        out.println(item);
      }

      @Override
      public void flush() {
        out.flush();
      }
    };
  }

  /**
   * Writes every item as a row of a UTF-8 CSV file, replacing the file atomically once the input
   * ended: {@code csv(file, type, CsvSinkOptions.defaults())}.
   */
  public static <T> Sink<T> csv(Path file, Class<T> type) {
    return csv(file, type, CsvSinkOptions.defaults());
  }

  /**
   * Writes every item as a row of a UTF-8 CSV file with Jackson CSV: a header row naming the type's
   * properties (a record's components in declaration order; {@code @JsonProperty} names), then one
   * row per item in arrival order, lines ending with LF. A value holding the separator, a double
   * quote or a line break is quoted, its quotes doubled; a null is an empty value; {@code java.time}
   * values are ISO-8601 text, so that {@link Sources#csv} reads the file back into the same items.
   *
   * <p>Rows are written at the end of each batch ({@link Sink#flush()}), before its receipts. In
   * {@link FileSinkMode#REPLACE} mode (the default) they go to a hidden temporary file in the same
   * directory ({@code .<name>.<random>.weir-tmp}) that is renamed over {@code file} atomically when the
   * input ended ({@link Sink#complete()}): a reader sees the old file or the whole new one. A failed or
   * cancelled run deletes the temporary file and leaves {@code file} as it was; a killed JVM can
   * leave the temporary file behind (never {@code file} half-written). In {@link FileSinkMode#APPEND}
   * mode rows are appended at each flush, and the header is written only into a new or empty file;
   * an existing file must start with the same header, or the flow fails at the first flush.
   *
   * <p>A property that cannot be one CSV value (a list, a map, a nested object) is refused here, with
   * an {@link IllegalArgumentException} naming it; an item Jackson cannot write goes to the stage's
   * error journal and adds nothing to the file. The directory must exist.
   */
  public static <T> Sink<T> csv(Path file, Class<T> type, CsvSinkOptions options) {
    return new CsvSink<>(file, type, options);
  }

  /** Writes every item as a line of JSON, replacing the file atomically once the input ended. */
  public static <T> Sink<T> jsonLines(Path file, Class<T> type) {
    return jsonLines(file, type, FileSinkMode.REPLACE);
  }

  /**
   * Writes every item as one line of compact JSON (Jackson, {@code java.time} as ISO-8601 text, a line
   * break inside a string escaped as {@code \n}), in arrival order, each line ending with LF; {@link
   * Sources#jsonLines} reads the file back into the same items. The file is written as {@link
   * #csv(Path, Class, CsvSinkOptions)} writes its: at each flush, into a temporary file renamed over
   * {@code file} atomically at end of input ({@link FileSinkMode#REPLACE}; deleted on a failed or
   * cancelled run), or appended ({@link FileSinkMode#APPEND}). An item Jackson cannot write goes to the
   * stage's error journal and adds nothing to the file.
   */
  public static <T> Sink<T> jsonLines(Path file, Class<T> type, FileSinkMode mode) {
    return new JsonLinesSink<>(file, type, mode);
  }

  /**
   * Writes every item into a database with {@code sql} (an {@code INSERT}, or an upsert), its
   * parameters set by {@code binder}: {@code jdbc(ds, sql, binder, JdbcSinkOptions.defaults())}.
   */
  public static <T> Sink<T> jdbc(DataSource ds, String sql, StatementBinder<T> binder) {
    return jdbc(ds, sql, binder, JdbcSinkOptions.defaults());
  }

  /**
   * Writes every item into a database: at the end of each batch ({@link Sink#flush()}) the batch's
   * items are bound into {@code sql} by {@code binder} and executed as JDBC batches of at most
   * {@link JdbcSinkOptions#batchSize} statements, each batch in its own transaction, committed
   * before flush returns, so before the runtime journals the items' receipts. A batch the database
   * refuses (a constraint, a bad value) is rolled back whole and fails the flow, with the SQL error
   * and the batch's first and last {@link DeliveryKey}; its events keep no receipts.
   *
   * <p><b>Idempotency.</b> The sink is a {@link KeyedSink}: the runtime gives it each event's key, the
   * run the event belongs to, the upstream stage and the seq. By default it records each key in a
   * ledger table ({@value JdbcSinkOptions#DEFAULT_LEDGER_TABLE}, created when absent; {@link
   * JdbcSinkOptions#ledgerTable}) in the same transaction as the row, and skips an event whose key is
   * already there. A run that crashed (or failed) after a commit but before the receipts, replayed with
   * sinks running ({@code --replay-from <run> --allow-incomplete}), delivers those events again under
   * the same keys, and their rows are not written twice; a new run has new keys and writes its rows.
   * {@link JdbcSinkOptions#upsert()} keeps no ledger, for a statement that is itself idempotent; {@link
   * JdbcSinkOptions#atLeastOnce()} neither.
   *
   * <p>One connection is taken from {@code ds} at the first non-empty flush and closed at end of input
   * or when the run fails or is cancelled (rolling back what was not committed).
   */
  public static <T> Sink<T> jdbc(DataSource ds, String sql, StatementBinder<T> binder, JdbcSinkOptions options) {
    return new JdbcSink<>(ds, sql, binder, options);
  }

  /** Discards every item (each still gets its delivery receipt). */
  public static <T> Sink<T> discard() {
    return item -> {};
  }
}
