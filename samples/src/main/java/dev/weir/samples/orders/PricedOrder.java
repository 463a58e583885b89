package dev.weir.samples.orders;

import dev.weir.dsl.EventType;

/**
 * A valid order with its total.
 *
 * @param order the order
 * @param totalMinor quantity × unit price, in the order's currency's minor unit
 */
@EventType(name = "order.priced", version = 1)
public record PricedOrder(Order order, long totalMinor) {

  public boolean domestic() {
    return order.currency().equals("USD");
  }
}
