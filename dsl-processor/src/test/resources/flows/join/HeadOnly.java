package flows.join;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "(rates, orders) |> priced |> out"
})
class HeadOnly {
  record Rate(String currency, double factor) {}
  record Order(String currency, double amount) {}
  record Fee(String currency, double amount) {}

  @Stage Source<Rate> rates() { return Sources.of(new Rate("EUR", 1.1), new Rate("USD", 1.0)); }
  @Stage Source<Order> orders() { return Sources.of(new Order("EUR", 10), new Order("USD", 5)); }
  @Stage
  Join<Rate, Order, Double> priced() { return Joins.inner(Rate::currency, Order::currency, (r, o) -> r.factor() * o.amount()); }
  @Stage Sink<Double> out() { return Sinks.discard(); }
}
