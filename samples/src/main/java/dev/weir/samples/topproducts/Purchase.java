package dev.weir.samples.topproducts;

import dev.weir.dsl.EventType;

/**
 * One row of {@code purchases.csv}: a product bought in some quantity.
 *
 * @param purchaseId the purchase's number
 * @param sku the product's stock-keeping unit
 * @param name the product's name
 * @param category the product's category
 * @param quantity units bought
 * @param unitPriceCents the price of one unit, in US cents
 */
@EventType(name = "purchase", version = 1)
public record Purchase(long purchaseId, String sku, String name, String category, int quantity, long unitPriceCents) {

  /** What the purchase brought in, in US cents. */
  public long revenueCents() {
    return Math.multiplyExact(unitPriceCents, (long) quantity);
  }
}
