package flows.unknown;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"orders |> priced |> out"})
class UnknownReference {
  record Rate(String currency, double factor) {}
  record Order(String currency, double amount) {}

  @Stage Source<Rate> rates() { return Sources.of(new Rate("EUR", 1.1)); }
  @Stage Source<Order> orders() { return Sources.of(new Order("EUR", 10)); }
  @Stage(reference = "ratez")
  Join<Rate, Order, Double> priced() { return Joins.inner(Rate::currency, Order::currency, (r, o) -> r.factor() * o.amount()); }
  @Stage Sink<Double> out() { return Sinks.discard(); }
}
