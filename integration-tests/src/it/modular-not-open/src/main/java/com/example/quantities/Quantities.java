package com.example.quantities;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Parses "name:quantity" lines; the lines it cannot parse go to parse's error journal. */
@Flow(name = "quantities", topology = {"lines |> parse |> collect"})
public class Quantities {

  /** What the sink received, in order. */
  static final List<Item> COLLECTED = new CopyOnWriteArrayList<>();

  @Stage
  Source<String> lines() {
    return Sources.of("apple:3", "pear:lots", "plum:5", "fig:-1", "kiwi:2");
  }

  @Stage
  Transform<String, Item> parse() {
    return (line, out) -> {
      String[] parts = line.split(":", 2);
      int quantity;
      try {
        quantity = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new StageException(ErrorKind.VALIDATION, "not a quantity: '" + parts[1] + "'", e);
      }
      if (quantity <= 0) {
        throw new IllegalArgumentException("quantity must be positive in '" + line + "'");
      }
      out.emit(new Item(parts[0], quantity));
    };
  }

  @Stage
  Sink<Item> collect() {
    return COLLECTED::add;
  }
}
