package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * A line with its product.
 *
 * @param item the line
 * @param product the product
 */
@EventType(name = "line.product", version = 1)
public record ProductLine(LineItem item, Product product) {

  public int categoryId() {
    return product.categoryId();
  }

  public long amountCents() {
    return product.priceCents() * item.quantity();
  }
}
