package dev.weir.engine;

import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Transform;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;

/** Hand-built definitions for engine tests. */
final class Flows {

  private Flows() {}

  static final ElementType LONG = ElementType.of(Long.class);

  static StageDefinition source(String name, Source<Long> source) {
    return StageDefinition.source(name, LONG, f -> source);
  }

  static StageDefinition transform(String name, Transform<Long, Long> transform) {
    return StageDefinition.transform(name, StageKind.TRANSFORM, LONG, LONG, f -> transform);
  }

  static StageDefinition sink(String name, Sink<Long> sink) {
    return StageDefinition.sink(name, LONG, f -> sink);
  }

  static FlowDefinition.Draft flow(String name) {
    return FlowDefinition.define(name);
  }
}
