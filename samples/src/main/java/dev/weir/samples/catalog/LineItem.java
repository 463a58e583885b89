package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * One line of an order, from {@code line-items.csv}.
 *
 * @param orderId the order
 * @param line the line's number in the order
 * @param sku what was ordered
 * @param quantity how many
 * @param paymentId how the order was paid
 */
@EventType(name = "line.item", version = 1)
public record LineItem(long orderId, int line, String sku, int quantity, String paymentId) {}
