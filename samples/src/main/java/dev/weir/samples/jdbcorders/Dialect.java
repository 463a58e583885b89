package dev.weir.samples.jdbcorders;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The databases the {@code jdbc-orders} sample writes to, told apart by their JDBC URL, and the
 * upsert each spells its own way.
 */
public enum Dialect {

  /** PostgreSQL (9.5 and later): {@code INSERT ... ON CONFLICT (order_id) DO UPDATE}. */
  POSTGRESQL("jdbc:postgresql:", "INSERT INTO " + JdbcOrders.TABLE + " (" + Dialect.COLUMNS + ")"
      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET customer = EXCLUDED.customer,"
      + " region = EXCLUDED.region, currency = EXCLUDED.currency, quantity = EXCLUDED.quantity,"
      + " unit_price_minor = EXCLUDED.unit_price_minor, total_minor = EXCLUDED.total_minor"),

  /** H2, in process (the sample's fast test): {@code MERGE INTO ... KEY (order_id)}. */
  H2("jdbc:h2:", "MERGE INTO " + JdbcOrders.TABLE + " (" + Dialect.COLUMNS + ") KEY (order_id)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?)");

  /** The table's columns, in the order the statements bind them. */
  static final String COLUMNS = "order_id, customer, region, currency, quantity, unit_price_minor, total_minor";

  private final String urlPrefix;
  private final String upsert;

  Dialect(String urlPrefix, String upsert) {
    this.urlPrefix = urlPrefix;
    this.upsert = upsert;
  }

  /** The statement that writes one {@link OrderRow}, replacing the row of the same order if there is one. */
  public String upsert() {
    return upsert;
  }

  /**
   * The dialect of {@code url}.
   *
   * @throws IllegalArgumentException for a URL of another database, naming the setting and the URLs it takes
   */
  public static Dialect of(String url) {
    for (Dialect d : values()) {
      if (url.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException("setting '" + JdbcOrders.URL + "' = '" + url + "': the sample writes to "
        + Arrays.stream(values()).map(d -> d.urlPrefix + "...").collect(Collectors.joining(" or ")));
  }
}
