package dev.weir.api;

/** How {@link Sinks#console(Format)} and {@link Sinks#print(java.io.PrintStream, Format)} show each item. */
public enum Format {
  /** {@code toString()}, one item per line: what {@link Sinks#console()} prints. */
  TEXT,
  /** One line of compact JSON per item (Jackson; {@code java.time} as ISO-8601 text). */
  JSON,
  /** Indented JSON, several lines per item. */
  JSON_PRETTY,
  /**
   * Aligned columns, one row per item, under a header naming the properties (a record's components
   * in declaration order); numbers right-aligned, a nested value as compact JSON, line breaks and
   * tabs inside a value shown as {@code \n} and {@code \t}. Rows are printed at the end of each batch;
   * the header is printed before the first batch and again when a longer value, or a property not
   * seen before, widens the table. An item that is not an object (a string, a number) is one column,
   * {@code value}.
   */
  TABLE
}
