package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * How an order was paid, from {@code payments.csv}.
 *
 * @param paymentId the payment's id
 * @param method card, paypal or transfer
 * @param status settled or refunded
 */
@EventType(name = "payment", version = 1)
public record Payment(String paymentId, String method, String status) {

  public boolean settled() {
    return status.equals("settled");
  }
}
