package dev.weir.samples.orders;

import dev.weir.dsl.EventType;

/**
 * One row of {@code orders.csv}.
 *
 * @param orderId the order's number
 * @param customer who ordered
 * @param region where it ships
 * @param currency ISO code of the price
 * @param quantity units ordered
 * @param unitPriceMinor price of one unit in the currency's minor unit (cents; yen for JPY)
 */
@EventType(name = "order", version = 1)
public record Order(long orderId, String customer, String region, String currency, int quantity, long unitPriceMinor) {}
