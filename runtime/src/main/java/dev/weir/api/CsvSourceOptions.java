package dev.weir.api;

import java.util.List;
import java.util.Objects;

/**
 * How {@link Sources#csv(java.nio.file.Path, Class, CsvSourceOptions)} reads: the separator, and
 * where the column names come from (the file's header row, by default, or names given here).
 * Immutable; each method returns a changed copy: {@code CsvSourceOptions.defaults().tsv()}.
 */
public final class CsvSourceOptions {

  /** Where a CSV source takes its column names from. */
  enum Header { READ, SKIP, NONE }

  private static final CsvSourceOptions DEFAULTS = new CsvSourceOptions(',', Header.READ, List.of());

  private final char separator;
  private final Header header;
  private final List<String> columns;

  private CsvSourceOptions(char separator, Header header, List<String> columns) {
    this.separator = separator;
    this.header = header;
    this.columns = columns;
  }

  /** Comma separated, the first row is the header naming the columns. */
  public static CsvSourceOptions defaults() {
    return DEFAULTS;
  }

  /** Separates values with {@code c}; not a double quote, CR or LF. */
  public CsvSourceOptions separator(char c) {
    checkSeparator(c);
    return new CsvSourceOptions(c, header, columns);
  }

  /** Tab-separated values: {@code separator('\t')}. */
  public CsvSourceOptions tsv() {
    return separator('\t');
  }

  /**
   * The file has no header row: every row is data, and its columns are the ones {@link #columns}
   * names or, without that, the components of the record type in declaration order.
   */
  public CsvSourceOptions withoutHeader() {
    return new CsvSourceOptions(separator, Header.NONE, columns);
  }

  /**
   * The file's first row is a header, but its names are ignored: the columns are the ones
   * {@link #columns} names or, without that, the record type's components in declaration order.
   */
  public CsvSourceOptions skipHeader() {
    return new CsvSourceOptions(separator, Header.SKIP, columns);
  }

  /**
   * Names the file's columns, in file order (each a property of the type, as a header would name
   * it). Unless {@link #skipHeader()} is also given, the file then has no header row.
   */
  public CsvSourceOptions columns(String... names) {
    List<String> list = List.of(names);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("CsvSourceOptions.columns needs at least one column name");
    }
    return new CsvSourceOptions(separator, header == Header.READ ? Header.NONE : header, list);
  }

  char separatorChar() {
    return separator;
  }

  Header header() {
    return header;
  }

  List<String> columnNames() {
    return columns;
  }

  static void checkSeparator(char c) {
    if (c == '"' || c == '\r' || c == '\n') {
      throw new IllegalArgumentException("a CSV separator cannot be " + describe(c)
          + ": it is the quote or a line terminator");
    }
  }

  static String describe(char c) {
    return switch (c) {
      case '\t' -> "TAB";
      case '\r' -> "CR";
      case '\n' -> "LF";
      case '"' -> "'\"'";
      default -> "'" + c + "'";
    };
  }

  @Override
  public String toString() {
    return "CsvSourceOptions[separator " + describe(separator) + ", header " + header.name().toLowerCase(java.util.Locale.ROOT)
        + (columns.isEmpty() ? "" : ", columns " + columns) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvSourceOptions other && separator == other.separator && header == other.header
        && columns.equals(other.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(separator, header, columns);
  }
}
