package dev.weir.samples.topproducts;

import dev.weir.api.Aggregations;
import dev.weir.api.Format;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.flow.FlowSettings;
import dev.weir.samples.SampleData;
import java.util.List;

/**
 * The best-selling products of a shop by revenue. Purchases from a CSV file are grouped by product
 * ({@code sales}: purchases, units and revenue per product, emitted at end of input), the
 * {@value #DEFAULT_TOP} products with the highest revenue are picked ({@code top}), numbered
 * ({@code ranks}) and printed as a table. Ties: of two products with the same revenue, the one bought
 * first (earlier in the file) ranks higher, since {@code Aggregations.topN} keeps equal scores in
 * first-seen order and {@code sales} emits its products in that order.
 *
 * <p>Setting ({@code --set key=value}): {@value #TOP}, how many products the table shows (default
 * {@value #DEFAULT_TOP}).
 */
@Flow(name = "top_products", topology = {"purchases |> sales |> top |> ranks |> table"})
public class TopProducts {

  /** The setting that names how many products the table shows. */
  public static final String TOP = "top-products.n";

  /** How many products the table shows by default. */
  public static final int DEFAULT_TOP = 5;

  private final int top;

  /** Reads {@value #TOP}, optional. */
  public TopProducts(FlowSettings settings) {
    this.top = settings.getInt(TOP, DEFAULT_TOP);
    if (top < 1) {
      throw new IllegalArgumentException("setting '" + TOP + "' = " + top + ": the table shows at least 1 product");
    }
  }

  @Stage
  Source<Purchase> purchases() {
    return Sources.csv(SampleData.file("purchases.csv"), Purchase.class);
  }

  /** Purchases, units and revenue per product; one event per product at end of input, in first-seen order. */
  @Stage
  Stateful<Purchase, ?, ProductSales> sales() {
    return Aggregations.groupBy(Purchase::sku, ProductSales::none, ProductSales::add);
  }

  /** The products with the highest revenue, highest first; one list at end of input. */
  @Stage
  Stateful<ProductSales, ?, List<ProductSales>> top() {
    return Aggregations.topN(top, ProductSales::sku, ProductSales::revenueCents);
  }

  /** Numbers the list: one row per product, rank 1 first. */
  @Stage
  Transform<List<ProductSales>, TopProduct> ranks() {
    return (best, out) -> {
      for (int i = 0; i < best.size(); i++) {
        out.emit(TopProduct.of(i + 1, best.get(i)));
      }
    };
  }

  @Stage
  Sink<TopProduct> table() {
    return Sinks.console(Format.TABLE);
  }
}
