package dev.weir.samples.topproducts;

import dev.weir.dsl.EventType;

/**
 * What one product sold over all purchases.
 *
 * @param sku the product's stock-keeping unit
 * @param name the product's name
 * @param category the product's category
 * @param purchases how many purchases bought it
 * @param units units sold
 * @param revenueCents revenue, in US cents
 */
@EventType(name = "product.sales", version = 1)
public record ProductSales(String sku, String name, String category, long purchases, long units, long revenueCents) {

  /** A product that sold nothing yet: {@link #add} names it from its first purchase. */
  public static ProductSales none() {
    return new ProductSales("", "", "", 0, 0, 0);
  }

  /** These sales and one more purchase of the product. */
  public ProductSales add(Purchase p) {
    return new ProductSales(p.sku(), p.name(), p.category(), purchases + 1, units + p.quantity(),
        Math.addExact(revenueCents, p.revenueCents()));
  }
}
