package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * A line with its payment.
 *
 * @param line the categorized line
 * @param payment its order's payment
 */
@EventType(name = "line.paid", version = 1)
public record PaidLine(CategorizedLine line, Payment payment) {

  public String category() {
    return line.category();
  }
}
