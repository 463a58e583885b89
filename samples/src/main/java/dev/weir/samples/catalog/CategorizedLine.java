package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * A line with its product and category name.
 *
 * @param line the line and product
 * @param category the category's name ({@code uncategorized} when the catalog has none)
 */
@EventType(name = "line.categorized", version = 1)
public record CategorizedLine(ProductLine line, String category) {

  public String paymentId() {
    return line.item().paymentId();
  }
}
