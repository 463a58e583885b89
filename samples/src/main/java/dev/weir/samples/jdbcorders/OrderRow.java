package dev.weir.samples.jdbcorders;

import dev.weir.dsl.EventType;
import dev.weir.samples.orders.Order;

/**
 * One row of the {@value JdbcOrders#TABLE} table: a valid order and its total.
 *
 * @param orderId the order's number: the table's primary key, so writing a row again replaces it
 * @param customer who ordered
 * @param region where it ships
 * @param currency ISO code of the price
 * @param quantity units ordered
 * @param unitPriceMinor price of one unit in the currency's minor unit
 * @param totalMinor quantity × unit price, in the currency's minor unit
 */
@EventType(name = "order.row", version = 1)
public record OrderRow(long orderId, String customer, String region, String currency, int quantity,
    long unitPriceMinor, long totalMinor) {

  /** The row of {@code order}. */
  public static OrderRow of(Order order) {
    return new OrderRow(order.orderId(), order.customer(), order.region(), order.currency(), order.quantity(),
        order.unitPriceMinor(), Math.multiplyExact(order.unitPriceMinor(), (long) order.quantity()));
  }
}
