package dev.weir.samples.topproducts;

import dev.weir.dsl.EventType;
import java.util.Locale;

/**
 * One row of the top-products table.
 *
 * @param rank 1 for the best seller
 * @param sku the product's stock-keeping unit
 * @param name the product's name
 * @param category the product's category
 * @param purchases how many purchases bought it
 * @param units units sold
 * @param revenueCents revenue, in US cents
 * @param revenue the same in US dollars, as printed: {@code 35,940.00}
 */
@EventType(name = "top.product", version = 1)
public record TopProduct(int rank, String sku, String name, String category, long purchases, long units,
    long revenueCents, String revenue) {

  /** The row of {@code sales} at {@code rank}. */
  public static TopProduct of(int rank, ProductSales sales) {
    return new TopProduct(rank, sales.sku(), sales.name(), sales.category(), sales.purchases(), sales.units(),
        sales.revenueCents(),
        String.format(Locale.ROOT, "%,d.%02d", sales.revenueCents() / 100, sales.revenueCents() % 100));
  }
}
