package dev.weir.api;

import java.util.List;
import java.util.Objects;

/**
 * How {@link Sinks#csv(java.nio.file.Path, Class, CsvSinkOptions)} writes: the file mode, the
 * separator, whether there is a header row, and which properties become columns in which order.
 * Immutable; each method returns a changed copy: {@code CsvSinkOptions.defaults().append().tsv()}.
 */
public final class CsvSinkOptions {

  private static final CsvSinkOptions DEFAULTS = new CsvSinkOptions(FileSinkMode.REPLACE, ',', true, List.of());

  private final FileSinkMode mode;
  private final char separator;
  private final boolean header;
  private final List<String> columns;

  private CsvSinkOptions(FileSinkMode mode, char separator, boolean header, List<String> columns) {
    this.mode = mode;
    this.separator = separator;
    this.header = header;
    this.columns = columns;
  }

  /** Replace the file, comma separated, with a header row, every property in declaration order. */
  public static CsvSinkOptions defaults() {
    return DEFAULTS;
  }

  /** Replaces the file atomically when the input ended (the default; see {@link FileSinkMode#REPLACE}). */
  public CsvSinkOptions replace() {
    return new CsvSinkOptions(FileSinkMode.REPLACE, separator, header, columns);
  }

  /**
   * Appends to the file (see {@link FileSinkMode#APPEND}); a header row is written only into a new
   * or empty file, and an existing file's first line must be the header this sink would write.
   */
  public CsvSinkOptions append() {
    return new CsvSinkOptions(FileSinkMode.APPEND, separator, header, columns);
  }

  /** Separates values with {@code c}; not a double quote, CR or LF. */
  public CsvSinkOptions separator(char c) {
    CsvSourceOptions.checkSeparator(c);
    return new CsvSinkOptions(mode, c, header, columns);
  }

  /** Tab-separated values: {@code separator('\t')}. */
  public CsvSinkOptions tsv() {
    return separator('\t');
  }

  /** Writes no header row. */
  public CsvSinkOptions withoutHeader() {
    return new CsvSinkOptions(mode, separator, false, columns);
  }

  /** Writes only these properties, in this order (names as Jackson sees them, as in the header). */
  public CsvSinkOptions columns(String... names) {
    List<String> list = List.of(names);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("CsvSinkOptions.columns needs at least one column name");
    }
    if (list.stream().distinct().count() != list.size()) {
      throw new IllegalArgumentException("CsvSinkOptions.columns names a column twice: " + list);
    }
    return new CsvSinkOptions(mode, separator, header, list);
  }

  FileSinkMode mode() {
    return mode;
  }

  char separatorChar() {
    return separator;
  }

  boolean header() {
    return header;
  }

  List<String> columnNames() {
    return columns;
  }

  @Override
  public String toString() {
    return "CsvSinkOptions[" + mode + ", separator " + CsvSourceOptions.describe(separator) + (header ? ", header" : ", no header")
        + (columns.isEmpty() ? "" : ", columns " + columns) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvSinkOptions other && mode == other.mode && separator == other.separator
        && header == other.header && columns.equals(other.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, separator, header, columns);
  }
}
