package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * What one category sold.
 *
 * @param category the category's name
 * @param lines order lines
 * @param units units sold
 * @param settledCents revenue from settled payments, in cents
 * @param refundedCents revenue refunded, in cents
 */
@EventType(name = "category.sales", version = 1)
public record CategorySales(String category, long lines, long units, long settledCents, long refundedCents) {

  public static CategorySales empty() {
    return new CategorySales("", 0, 0, 0, 0);
  }

  public CategorySales add(PaidLine l) {
    long amount = l.line().line().amountCents();
    boolean settled = l.payment().settled();
    return new CategorySales(l.category(), lines + 1, units + l.line().line().item().quantity(),
        settledCents + (settled ? amount : 0), refundedCents + (settled ? 0 : amount));
  }
}
