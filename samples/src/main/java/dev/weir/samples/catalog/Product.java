package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * A catalog entry, from {@code products.csv}.
 *
 * @param sku the stock-keeping unit
 * @param name the product's name
 * @param categoryId its category
 * @param priceCents its unit price in cents
 */
@EventType(name = "product", version = 1)
public record Product(String sku, String name, int categoryId, long priceCents) {}
