package dev.weir.samples.catalog;

import dev.weir.api.Aggregations;
import dev.weir.api.Join;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.samples.SampleData;
import java.util.Optional;

/**
 * Order lines enriched by chained joins: with their product (inner: unknown SKUs are dropped),
 * their category (left: an unknown category is "uncategorized"), and their order's payment
 * (strict: a line whose payment is missing fails the flow, naming the payment). A stateful stage
 * sums sales per category; the sink prints them.
 */
@Flow(name = "product_catalog", topology = {"lineItems |> withProduct |> withCategory |> paid |> summary |> report"})
public class ProductCatalog {

  @Stage
  Source<Product> products() {
    return Sources.csv(SampleData.file("products.csv"), Product.class);
  }

  @Stage
  Source<Category> categories() {
    return Sources.csv(SampleData.file("categories.csv"), Category.class);
  }

  @Stage
  Source<Payment> payments() {
    return Sources.csv(SampleData.file("payments.csv"), Payment.class);
  }

  @Stage
  Source<LineItem> lineItems() {
    return Sources.csv(SampleData.file("line-items.csv"), LineItem.class);
  }

  @Stage(reference = "products")
  Join<Product, LineItem, ProductLine> withProduct() {
    return Joins.inner(Product::sku, LineItem::sku, (p, item) -> new ProductLine(item, p));
  }

  @Stage(reference = "categories")
  Join<Category, ProductLine, CategorizedLine> withCategory() {
    return Joins.left(Category::id, ProductLine::categoryId,
        (Optional<Category> c, ProductLine l) -> new CategorizedLine(l, c.map(Category::name).orElse("uncategorized")));
  }

  @Stage(reference = "payments")
  Join<Payment, CategorizedLine, PaidLine> paid() {
    return Joins.strict(Payment::paymentId, CategorizedLine::paymentId, (p, l) -> new PaidLine(l, p));
  }

  @Stage
  Stateful<PaidLine, ?, CategorySales> summary() {
    return Aggregations.groupBy(PaidLine::category, CategorySales::empty, CategorySales::add);
  }

  @Stage
  Sink<CategorySales> report() {
    return s -> System.out.printf("%-10s %5d lines %6d units  settled %,12.2f  refunded %,10.2f%n", s.category(),
        s.lines(), s.units(), s.settledCents() / 100.0, s.refundedCents() / 100.0);
  }
}
