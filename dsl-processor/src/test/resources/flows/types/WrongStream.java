package flows.types;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {
    "fees |> priced |> out"
})
class WrongStream {
  record Rate(String currency, double factor) {}
  record Order(String currency, double amount) {}
  record Fee(String currency, double amount) {}

  @Stage Source<Rate> rates() { return Sources.of(new Rate("EUR", 1.1)); }
  @Stage Source<Fee> fees() { return Sources.of(new Fee("EUR", 1)); }
  @Stage(reference = "rates") Join<Rate, Order, Double> priced() { return Joins.inner(Rate::currency, Order::currency, (r, o) -> r.factor() * o.amount()); }
  @Stage Sink<Double> out() { return Sinks.discard(); }
}
