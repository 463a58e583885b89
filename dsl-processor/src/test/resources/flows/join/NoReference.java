package flows.join;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"orders |> priced |> out"})
class NoReference {
  record Rate(String currency, double factor) {}
  record Order(String currency, double amount) {}
  record Fee(String currency, double amount) {}

  @Stage Source<Order> orders() { return Sources.of(new Order("EUR", 10)); }
  @Stage
  Join<Rate, Order, Double> priced() { return Joins.inner(Rate::currency, Order::currency, (r, o) -> r.factor() * o.amount()); }
  @Stage Sink<Double> out() { return Sinks.discard(); }
}
